package io.cutover.router.link;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableDeltaTest {

    private static final RouteEntry HELLO = route("hello.localhost", "hello", revision(1, 100, endpoint("h-1", 9001)));
    private static final RouteEntry HELLO_API = route("hello.localhost", "/api", "hello", revision(1, 100, endpoint("h-1", 9001)));
    private static final RouteEntry BYE = route("bye.localhost", "bye", revision(1, 100, endpoint("b-1", 9002)));
    private static final RouteEntry HELLO_2 = route("hello.localhost", "hello", revision(2, 100, endpoint("h-2", 9003)));

    @Test
    void replacesRoutesInPlaceAppendsNewOnesAndDropsRemovals() {
        RoutingTable current = table(7, HELLO, HELLO_API, BYE);
        TableDelta delta = new TableDelta(7, 8, List.of(route("new.localhost", "new"), HELLO_2),
                List.of(new TableDelta.RouteKey("BYE.localhost", "/")));

        RoutingTable next = delta.applyTo(current);

        assertThat(next.generation()).isEqualTo(8);
        assertThat(next.routes()).containsExactly(HELLO_2, HELLO_API, route("new.localhost", "new"));
    }

    @Test
    void keepsTheRouteWhenOnlyAnotherPrefixOfTheHostIsRemoved() {
        RoutingTable next = new TableDelta(1, 2, List.of(), List.of(new TableDelta.RouteKey("hello.localhost", "/api")))
                .applyTo(table(1, HELLO, HELLO_API));

        assertThat(next.routes()).containsExactly(HELLO);
    }

    @Test
    void refusesATableOfAnotherGeneration() {
        assertThatThrownBy(() -> new TableDelta(5, 6, List.of(), List.of()).applyTo(table(4, HELLO)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("base: 5 (expected: 4, the generation this router serves); reconnecting for a snapshot");
    }

    @Test
    void readsTheDeltaOfTheProtocol() throws Exception {
        ObjectMapper json = Manifests.json().copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        String text = """
                {"base": 12, "generation": 13,
                 "upserts": [{"host": "api.localhost", "pathPrefix": "/", "app": "hello",
                              "revisions": [{"revision": 2, "weight": 100,
                                             "endpoints": [{"instanceId": "hello-2-a1", "host": "127.0.0.1", "port": 41234}]}]}],
                 "removals": [{"host": "old.localhost", "pathPrefix": "/"}],
                 "future": "ignored"}
                """;

        TableDelta delta = json.readValue(text, TableDelta.class);

        assertThat(delta.base()).isEqualTo(12);
        assertThat(delta.generation()).isEqualTo(13);
        assertThat(delta.upserts()).containsExactly(route("api.localhost", "hello",
                revision(2, 100, new io.cutover.core.routing.Endpoint("hello-2-a1", "127.0.0.1", 41234))));
        assertThat(delta.removals()).containsExactly(new TableDelta.RouteKey("old.localhost", "/"));
        assertThat(json.readValue("{\"base\": 1, \"generation\": 2}", TableDelta.class).upserts()).isEmpty();
    }
}
