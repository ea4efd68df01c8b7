package io.cutover.core.manifest;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Durations as people write them in manifests, on the command line and in query strings: {@code 500ms},
 * {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 30d}, a plain number of seconds, or ISO-8601 {@code PT2M}.
 */
public final class Durations {

    /** What {@link #parse} accepts, for error messages. */
    public static final String EXPECTED = "a duration like 30s, 2m, 1.5s, 500ms or 30d";

    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

    private Durations() {}

    /** The duration {@code text} says, or null when it says none (or a negative one). */
    public static @Nullable Duration parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher matcher = AMOUNT.matcher(value);
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                case "d" -> amount * 86_400_000;
                default -> amount * 1000;
            };
            return millis < Long.MAX_VALUE / 2.0 ? Duration.ofNanos(Math.round(millis * 1_000_000)) : null;
        }
        try {
            Duration duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            return duration.isNegative() ? null : duration;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
