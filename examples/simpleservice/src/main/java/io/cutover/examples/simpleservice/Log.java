package io.cutover.examples.simpleservice;

import java.net.URI;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Log lines on standard output, each written in one call so concurrent lines never interleave:
 * {@code 2026-11-22T10:00:00Z INFO 200 GET /endpoint0 1.04ms}. Cheap enough for benchmarks: the
 * timestamp is formatted once a second, by hand, because {@code Instant.toString()} loads the locale
 * data and costs the first request about 50 ms.
 */
final class Log {

    private static volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    private Log() {}

    /** Logs {@code message}, which starts with its level, after the timestamp. */
    static void line(String message) {
        System.out.println(timestamp(System.currentTimeMillis()) + " " + message);
    }

    /** Logs one answered request: status, method, raw path and query, and the time taken. */
    static void request(int status, String method, URI uri, long nanos) {
        StringBuilder line = new StringBuilder(96);
        line.append(timestamp(System.currentTimeMillis())).append(" INFO ").append(status).append(' ')
                .append(method).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            line.append('?').append(uri.getRawQuery());
        }
        long hundredths = (nanos + 5_000) / 10_000;
        line.append(' ').append(hundredths / 100).append('.');
        appendTwoDigits(line, hundredths % 100);
        System.out.println(line.append("ms"));
    }

    /** The second of {@code epochMillis} in ISO-8601 UTC, like {@code Instant.toString()} without a fraction. */
    static String timestamp(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Stamp current = stamp;
        if (current.second() != second) {
            current = new Stamp(second, format(second));
            stamp = current;
        }
        return current.text();
    }

    private static String format(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(20);
        text.append(t.getYear()).append('-');
        appendTwoDigits(text, t.getMonthValue());
        text.append('-');
        appendTwoDigits(text, t.getDayOfMonth());
        text.append('T');
        appendTwoDigits(text, t.getHour());
        text.append(':');
        appendTwoDigits(text, t.getMinute());
        text.append(':');
        appendTwoDigits(text, t.getSecond());
        return text.append('Z').toString();
    }

    private static void appendTwoDigits(StringBuilder text, long value) {
        if (value < 10) {
            text.append('0');
        }
        text.append(value);
    }

    private record Stamp(long second, String text) {}
}
