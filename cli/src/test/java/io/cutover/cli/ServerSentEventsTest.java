package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    private static List<ServerSentEvents.Event> read(ServerSentEvents events) throws IOException {
        List<ServerSentEvents.Event> all = new ArrayList<>();
        for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
            all.add(event);
        }
        return all;
    }

    private static ServerSentEvents of(String stream) {
        return new ServerSentEvents(new BufferedReader(new StringReader(stream)));
    }

    @Test
    void readsIdTypeAndDataOfEachEvent() throws IOException {
        List<ServerSentEvents.Event> events = read(of("""
                id: 41
                event: app_created
                data: {"id": 41}

                id: 42
                event: instance_started
                data: {"id": 42}

                """));

        assertThat(events).containsExactly(
                new ServerSentEvents.Event("41", "app_created", "{\"id\": 41}"),
                new ServerSentEvents.Event("42", "instance_started", "{\"id\": 42}"));
    }

    @Test
    void joinsDataLinesAndSkipsComments() throws IOException {
        List<ServerSentEvents.Event> events = read(of(": keep-alive\n\ndata:first\ndata: second\n: note\n\n"));

        assertThat(events).containsExactly(new ServerSentEvents.Event(null, "message", "first\nsecond"));
    }

    @Test
    void remembersTheLastIdAcrossEventsAndAnIdWithoutData() throws IOException {
        ServerSentEvents events = of("id: 7\ndata: a\n\ndata: b\n\nid: 9\n\n");

        assertThat(read(events)).extracting(ServerSentEvents.Event::id).containsExactly("7", "7");
        assertThat(events.lastEventId()).isEqualTo("9");
    }

    @Test
    void dropsAnEventTheStreamEndedIn() throws IOException {
        ServerSentEvents events = of("id: 1\ndata: done\n\nid: 2\ndata: cut off");

        assertThat(read(events)).extracting(ServerSentEvents.Event::data).containsExactly("done");
    }

    @Test
    void takesTheRetryDelayTheServerAsksFor() throws IOException {
        ServerSentEvents events = of("retry: 1500\n\nretry: soon\n\n");

        read(events);

        assertThat(events.retryMillis()).hasValue(1500);
    }

    @Test
    void acceptsCarriageReturnLineEnds() throws IOException {
        assertThat(read(of("event: x\r\ndata: y\r\n\r\n")))
                .containsExactly(new ServerSentEvents.Event(null, "x", "y"));
    }
}
