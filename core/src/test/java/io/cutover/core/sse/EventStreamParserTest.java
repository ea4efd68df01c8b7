package io.cutover.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.sse.EventStreamParser.Event;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamParserTest {

    private final EventStreamParser parser = new EventStreamParser();

    /** Feeds lines as they come off the wire, without their line ends. */
    private List<Event> feed(String... lines) {
        List<Event> events = new ArrayList<>();
        for (String line : lines) {
            Event event = parser.line(line);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    /** Feeds a whole stream, split into lines as both the router and the CLI split it. */
    private List<Event> read(String stream) {
        return feed(new BufferedReader(new StringReader(stream)).lines().toArray(String[]::new));
    }

    @Test
    void completesAnEventAtTheBlankLine() {
        assertThat(feed("event: snapshot", "id: 12", "data: {\"generation\": 12}")).isEmpty();

        assertThat(feed("")).containsExactly(new Event("snapshot", "12", "{\"generation\": 12}"));
    }

    @Test
    void readsTypeIdAndDataOfEachEvent() {
        List<Event> events = read("""
                id: 41
                event: app_created
                data: {"id": 41}

                id: 42
                event: instance_started
                data: {"id": 42}

                """);

        assertThat(events).containsExactly(
                new Event("app_created", "41", "{\"id\": 41}"),
                new Event("instance_started", "42", "{\"id\": 42}"));
    }

    @Test
    void joinsDataLinesWithNewlinesTakingOneSpaceAfterTheColonAway() {
        assertThat(feed("event: delta", "data: {", "data:  \"base\": 1", "data: }", ""))
                .containsExactly(new Event("delta", null, "{\n \"base\": 1\n}"));
        assertThat(read(": keep-alive\n\ndata:first\ndata: second\n: note\n\n"))
                .containsExactly(new Event("message", null, "first\nsecond"));
    }

    @Test
    void skipsCommentsAndUnknownFieldsAndEventsWithoutData() {
        assertThat(feed(": ping", "", "retry: 100", "", "event: snapshot", "", "colour: blue", "data:x", ""))
                .containsExactly(new Event("message", null, "x"));
    }

    @Test
    void dispatchesAnEventWhoseDataIsEmpty() {
        assertThat(feed("event: tick", "data", "")).containsExactly(new Event("tick", null, ""));
    }

    @Test
    void startsEachEventAfresh() {
        assertThat(feed("event: snapshot", "id: 1", "data: a", "", "data: b", ""))
                .containsExactly(new Event("snapshot", "1", "a"), new Event("message", null, "b"));
    }

    @Test
    void remembersTheLastIdAcrossEventsAndAnIdWithoutData() {
        List<String> lastIds = new ArrayList<>();
        for (String line : List.of("id: 7", "data: a", "", "data: b", "", "id: 9", "")) {
            if (parser.line(line) != null) {
                lastIds.add(parser.lastEventId());
            }
        }

        assertThat(lastIds).containsExactly("7", "7");
        assertThat(parser.lastEventId()).isEqualTo("9");
    }

    @Test
    void ignoresAnIdWithANul() {
        assertThat(feed("id: 3", "data: a", "", "id: 4\u00005", "data: b", ""))
                .containsExactly(new Event("message", "3", "a"), new Event("message", null, "b"));
        assertThat(parser.lastEventId()).isEqualTo("3");
    }

    @Test
    void dropsAnEventTheStreamEndedIn() {
        assertThat(read("id: 1\ndata: done\n\nid: 2\ndata: cut off")).extracting(Event::data).containsExactly("done");
    }

    @Test
    void takesTheRetryDelayTheServerAsksForAndIgnoresOneThatIsNotANumber() {
        assertThat(parser.retryMillis()).isEmpty();

        read("retry: 1500\n\nretry: soon\n\nretry: -1\n\n");

        assertThat(parser.retryMillis()).hasValue(1500);
    }

    @Test
    void acceptsCarriageReturnLineEnds() {
        assertThat(read("event: x\r\ndata: y\r\n\r\nevent: z\rdata: w\r\r"))
                .containsExactly(new Event("x", null, "y"), new Event("z", null, "w"));
    }
}
