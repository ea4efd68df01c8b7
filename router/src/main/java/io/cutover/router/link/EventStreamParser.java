package io.cutover.router.link;

import org.jspecify.annotations.Nullable;

/**
 * Turns the lines of a {@code text/event-stream} into events, after the Server-Sent Events format: an
 * event is the {@code event:}, {@code id:} and {@code data:} fields up to a blank line; several
 * {@code data:} lines join with newlines; lines starting with {@code :} are comments (the controller's
 * pings). One parser per stream; not thread-safe.
 */
final class EventStreamParser {

    /**
     * One event.
     *
     * @param name the {@code event:} field, {@code message} when absent
     * @param id the {@code id:} field, null when absent
     * @param data the {@code data:} lines joined with newlines
     */
    record Event(String name, @Nullable String id, String data) {
    }

    private final StringBuilder data = new StringBuilder();
    private @Nullable String name;
    private @Nullable String id;

    /** Takes the next line (without its line end); returns the event it completes, if any. */
    @Nullable Event line(String line) {
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
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" -> data.append(value).append('\n');
            default -> {
                // "retry" and unknown fields: nothing to do.
            }
        }
        return null;
    }

    private @Nullable Event dispatch() {
        Event event = null;
        if (!data.isEmpty()) {
            data.setLength(data.length() - 1);
            event = new Event(name == null ? "message" : name, id, data.toString());
        }
        data.setLength(0);
        name = null;
        id = null;
        return event;
    }
}
