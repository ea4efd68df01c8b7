package io.cutover.router.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStreamParserTest {

    private final EventStreamParser parser = new EventStreamParser();

    private List<EventStreamParser.Event> feed(String... lines) {
        List<EventStreamParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            EventStreamParser.Event event = parser.line(line);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void completesAnEventAtTheBlankLine() {
        assertThat(feed("event: snapshot", "id: 12", "data: {\"generation\": 12}")).isEmpty();

        assertThat(feed("")).containsExactly(new EventStreamParser.Event("snapshot", "12", "{\"generation\": 12}"));
    }

    @Test
    void joinsDataLinesWithNewlines() {
        assertThat(feed("event: delta", "data: {", "data:  \"base\": 1", "data: }", ""))
                .containsExactly(new EventStreamParser.Event("delta", null, "{\n \"base\": 1\n}"));
    }

    @Test
    void skipsCommentsAndUnknownFieldsAndEventsWithoutData() {
        assertThat(feed(": ping", "", "retry: 100", "", "event: snapshot", "", "colour: blue", "data:x", ""))
                .containsExactly(new EventStreamParser.Event("message", null, "x"));
    }

    @Test
    void startsEachEventAfresh() {
        assertThat(feed("event: snapshot", "id: 1", "data: a", "", "data: b", ""))
                .containsExactly(new EventStreamParser.Event("snapshot", "1", "a"),
                        new EventStreamParser.Event("message", null, "b"));
    }
}
