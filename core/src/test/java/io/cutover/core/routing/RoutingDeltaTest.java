package io.cutover.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.manifest.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingDeltaTest {

    private static final RouteEntry HELLO = route("hello.localhost", "/", "hello", 1, "h-1", 9001);
    private static final RouteEntry HELLO_API = route("hello.localhost", "/api", "hello", 1, "h-1", 9001);
    private static final RouteEntry BYE = route("bye.localhost", "/", "bye", 1, "b-1", 9002);
    private static final RouteEntry HELLO_2 = route("hello.localhost", "/", "hello", 2, "h-2", 9003);
    private static final RouteEntry NEW = new RouteEntry("new.localhost", "/", "new", List.of());

    private static RouteEntry route(String host, String prefix, String app, int revision, String instance, int port) {
        return new RouteEntry(host, prefix, app,
                List.of(new RevisionBackends(revision, 100, List.of(new Endpoint(instance, "127.0.0.1", port)))));
    }

    private static RoutingTable table(long generation, RouteEntry... routes) {
        return new RoutingTable(generation, List.of(routes));
    }

    @Test
    void carriesTheCertificatesOnlyWhenTheyChangedAndKeepsThemOtherwise() throws Exception {
        TlsCertificate shop = new TlsCertificate("shop.example.com", "CERT", "KEY");
        RoutingTable before = new RoutingTable(1, 0, "", List.of(HELLO), List.of(shop));
        RoutingTable routesOnly = new RoutingTable(2, 0, "", List.of(HELLO_2), List.of(shop));
        RoutingTable none = new RoutingTable(3, 0, "", List.of(HELLO_2), List.of());

        RoutingDelta unchanged = RoutingDelta.between(before, routesOnly);
        RoutingDelta removed = RoutingDelta.between(routesOnly, none);

        assertThat(unchanged.certificates()).isNull();
        assertThat(Manifests.toJson(unchanged)).doesNotContain("certificates");
        assertThat(unchanged.applyTo(before)).isEqualTo(routesOnly);
        assertThat(removed.certificates()).isEmpty();
        assertThat(removed.applyTo(routesOnly)).isEqualTo(none);
        ObjectMapper json = Manifests.json();
        assertThat(json.readValue(Manifests.toJson(before), RoutingTable.class)).isEqualTo(before);
        assertThat(json.readValue(Manifests.toJson(removed), RoutingDelta.class)).isEqualTo(removed);
        assertThat(before.withoutKeys().certificates()).containsExactly(new TlsCertificate("shop.example.com", "CERT", ""));
        assertThat(shop.toString()).doesNotContain("KEY");
    }

    @Test
    void replacesRoutesInPlaceAppendsNewOnesAndDropsRemovals() {
        RoutingTable current = table(7, HELLO, HELLO_API, BYE);
        RoutingDelta delta = new RoutingDelta(7, 8, List.of(NEW, HELLO_2), List.of(new RouteKey("BYE.localhost", "/")));

        RoutingTable next = delta.applyTo(current);

        assertThat(next.generation()).isEqualTo(8);
        assertThat(next.routes()).containsExactly(HELLO_2, HELLO_API, NEW);
    }

    @Test
    void keepsTheRouteWhenOnlyAnotherPrefixOfTheHostIsRemoved() {
        RoutingTable next = new RoutingDelta(1, 2, List.of(), List.of(new RouteKey("hello.localhost", "/api")))
                .applyTo(table(1, HELLO, HELLO_API));

        assertThat(next.routes()).containsExactly(HELLO);
    }

    @Test
    void refusesATableOfAnotherGeneration() {
        assertThatThrownBy(() -> new RoutingDelta(5, 6, List.of(), List.of()).applyTo(table(4, HELLO)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("base: 5 (expected: 4, the generation this router serves); reconnecting for a snapshot");
    }

    @Test
    void betweenTwoTablesListsOnlyWhatChanged() {
        RoutingTable from = table(3, HELLO, HELLO_API, BYE);
        RoutingTable to = table(4, HELLO_2, HELLO_API, NEW);

        RoutingDelta delta = RoutingDelta.between(from, to);

        assertThat(delta.base()).isEqualTo(3);
        assertThat(delta.generation()).isEqualTo(4);
        assertThat(delta.upserts()).containsExactly(HELLO_2, NEW);
        assertThat(delta.removals()).containsExactly(new RouteKey("bye.localhost", "/"));
        assertThat(delta.applyTo(from).routes()).containsExactlyInAnyOrderElementsOf(to.routes());
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

        RoutingDelta delta = json.readValue(text, RoutingDelta.class);

        assertThat(delta.base()).isEqualTo(12);
        assertThat(delta.generation()).isEqualTo(13);
        assertThat(delta.upserts()).containsExactly(route("api.localhost", "/", "hello", 2, "hello-2-a1", 41234));
        assertThat(delta.removals()).containsExactly(new RouteKey("old.localhost", "/"));
        assertThat(json.readValue(Manifests.toJson(delta), RoutingDelta.class)).isEqualTo(delta);
        assertThat(json.readValue("{\"base\": 1, \"generation\": 2}", RoutingDelta.class).upserts()).isEmpty();
    }
}
