package io.cutover.core.sse;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Turns the lines of a {@code text/event-stream} into events, as the HTML standard's Server-Sent Events
 * section defines them: {@code field: value} lines up to a blank line make one event; several
 * {@code data:} lines join with newlines; lines starting with {@code :} are comments (keep-alive pings);
 * a block without {@code data:} dispatches nothing; an event the stream ends in is never completed, so
 * it is dropped. Fed lines already split at CRLF, LF or CR, as {@link java.io.BufferedReader#readLine()}
 * splits them, without their line ends.
 *
 * <p>Pure: the caller reads the stream (and may note each line's arrival, pings included). One parser per
 * stream; not thread-safe.
 */
public final class EventStreamParser {

    /**
     * One event.
     *
     * @param type the {@code event:} field, {@code message} when absent
     * @param id this event's own {@code id:} field, null when it had none ({@link #lastEventId()} is the
     *     stream's, to resume from)
     * @param data the {@code data:} lines joined with newlines
     */
    public record Event(String type, @Nullable String id, String data) {
        public Event {
            requireNonNull(type, "type");
            requireNonNull(data, "data");
        }
    }

    private final StringBuilder data = new StringBuilder();
    private boolean sawData;
    private @Nullable String type;
    private @Nullable String id;
    private @Nullable String lastEventId;
    private OptionalLong retryMillis = OptionalLong.empty();

    /** Takes the next line (without its line end); returns the event it completes, or null. */
    public @Nullable Event line(String line) {
        requireNonNull(line, "line");
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
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
                // The standard ignores an id with a NUL in it: it could not be sent back as a header.
                if (value.indexOf('\0') < 0) {
                    id = value;
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    retryMillis = OptionalLong.of(Long.parseLong(value));
                }
            }
            default -> {
                // unknown fields are ignored, as the standard says
            }
        }
        return null;
    }

    /**
     * The last {@code id:} seen in the stream, also in a block without data, to resume from with
     * {@code Last-Event-ID}; null before the first.
     */
    public @Nullable String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for with {@code retry:}, if it did. */
    public OptionalLong retryMillis() {
        return retryMillis;
    }

    private @Nullable Event dispatch() {
        Event event = sawData ? new Event(type == null ? "message" : type, id, data.toString()) : null;
        data.setLength(0);
        sawData = false;
        type = null;
        id = null;
        return event;
    }
}
