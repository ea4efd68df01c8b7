package io.cutover.cli;

import static java.util.Objects.requireNonNull;

import io.cutover.core.sse.EventStreamParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} line by line and turns it into events with the parser the router
 * uses too ({@link EventStreamParser}); an incomplete last event is dropped.
 */
final class ServerSentEvents {

    private final BufferedReader lines;
    private final EventStreamParser parser = new EventStreamParser();

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
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            EventStreamParser.Event event = parser.line(line);
            if (event != null) {
                return new Event(parser.lastEventId(), event.type(), event.data());
            }
        }
        return null;
    }

    /** The last {@code id:} seen, to resume from with {@code Last-Event-ID}. */
    @Nullable String lastEventId() {
        return parser.lastEventId();
    }

    /** The reconnection delay the server asked for with {@code retry:}, if any. */
    OptionalLong retryMillis() {
        return parser.retryMillis();
    }
}
