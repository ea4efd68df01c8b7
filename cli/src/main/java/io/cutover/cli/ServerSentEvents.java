package io.cutover.cli;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} as the HTML standard defines it: {@code field: value} lines,
 * comments starting with {@code :}, events dispatched at a blank line, an incomplete last event dropped.
 */
final class ServerSentEvents {

    private final BufferedReader lines;
    private @Nullable String lastEventId;
    private OptionalLong retryMillis = OptionalLong.empty();

    ServerSentEvents(BufferedReader lines) {
        this.lines = requireNonNull(lines, "lines");
    }

    /**
     * One event of the stream.
     *
     * @param id the last event id seen so far in the stream (this event's, if it had one), or null
     * @param type the {@code event:} field, {@code message} when absent
     * @param data the {@code data:} lines joined with newlines
     */
    record Event(@Nullable String id, String type, String data) {}

    /** The next event, or null when the stream ended. */
    @Nullable Event next() throws IOException {
        String type = "";
        StringBuilder data = new StringBuilder();
        boolean sawData = false;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (sawData) {
                    return new Event(lastEventId, type.isEmpty() ? "message" : type, data.toString());
                }
                type = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "data" -> {
                    if (sawData) {
                        data.append('\n');
                    }
                    data.append(value);
                    sawData = true;
                }
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                    }
                }
                case "retry" -> {
                    if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                        retryMillis = OptionalLong.of(Long.parseLong(value));
                    }
                }
                default -> { }
            }
        }
        return null;
    }

    /** The last {@code id:} seen, to resume from with {@code Last-Event-ID}. */
    @Nullable String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for with {@code retry:}, if any. */
    OptionalLong retryMillis() {
        return retryMillis;
    }
}
