package io.cutover.router.link;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.RoutingTable;
import io.cutover.router.Router;
import io.cutover.router.testing.DeadPort;
import io.cutover.router.testing.FakeController;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real router following a controller over real HTTP: the controller is a stand-in that records. */
class ControllerLinkIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private FakeController controller;
    private Router router;
    private Http http;
    private TestBackend hello;
    private TestBackend bye;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        controller = fixture.open(FakeController.start());
        router = fixture.router();
        http = fixture.http();
        hello = fixture.backend("hello-1");
        bye = fixture.backend("bye-1");
    }

    private ControllerLinkBuilder link(Router r, URI controllerUri) {
        return ControllerLink.builder(r, controllerUri, "r1", "127.0.0.1:" + r.address().getPort())
                .heartbeatInterval(Duration.ofMillis(100))
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    private ControllerLink follow() {
        return fixture.open(link(router, controller.uri()).start());
    }

    private RoutingTable helloTable(long generation) {
        return table(generation, route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1", hello.port()))));
    }

    private RoutingTable helloAndByeTable(long generation) {
        return table(generation,
                route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1", hello.port()))),
                route("bye.localhost", "bye", revision(1, 100, endpoint("bye-1", bye.port()))));
    }

    private void awaitAck(long generation) {
        await().until(() -> controller.acks().stream().anyMatch(a -> isAck(a, generation)));
    }

    private static boolean isAck(JsonNode ack, long generation) {
        return ack.get("generation").asLong() == generation && ack.get("error").isNull();
    }

    private JsonNode awaitNack(long generation) {
        await().until(() -> controller.acks().stream().anyMatch(a -> a.get("generation").asLong() == generation));
        JsonNode nack = controller.acks().stream().filter(a -> a.get("generation").asLong() == generation)
                .findFirst().orElseThrow();
        assertThat(nack.get("error").isTextual()).as("NACK %s", nack).isTrue();
        return nack;
    }

    @Test
    void appliesTheSnapshotItGetsOnConnectingAndAcknowledgesIt() {
        controller.table(helloTable(3));

        ControllerLink link = follow();

        awaitAck(3);
        assertThat(router.generation()).isEqualTo(3);
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("hello-1");
        assertThat(controller.acks().getFirst().get("router").asText()).isEqualTo("r1");
        assertThat(controller.watches().getFirst())
                .containsEntry("router", "r1")
                .containsEntry("address", "127.0.0.1:" + router.address().getPort());
        assertThat(link.connected()).isTrue();
    }

    @Test
    void appliesDeltasToTheServedTableAndAcknowledgesEach() {
        controller.table(helloTable(1));
        follow();
        awaitAck(1);

        controller.sendDelta(1, 2, helloAndByeTable(2).routes().subList(1, 2), List.of());
        awaitAck(2);
        assertThat(router.generation()).isEqualTo(2);
        assertThat(http.get("bye.localhost", "/").body()).isEqualTo("bye-1");
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("hello-1");

        controller.sendDelta(2, 3, List.of(), List.of(Map.of("host", "hello.localhost", "pathPrefix", "/")));
        awaitAck(3);
        assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(404);
        assertThat(http.get("bye.localhost", "/").body()).isEqualTo("bye-1");
        assertThat(router.table().routes()).extracting(r -> r.host()).containsExactly("bye.localhost");
        assertThat(controller.watches()).hasSize(1);
    }

    @Test
    void acknowledgesABurstOfDeltasOnceWithTheLastOfThem() {
        controller.table(helloTable(1));
        follow();
        awaitAck(1);
        var bye = helloAndByeTable(2).routes().get(1);

        controller.sendDeltasInOneWrite(1, List.of(bye, helloTable(3).routes().get(0), bye), false);

        awaitAck(4);
        assertThat(router.generation()).isEqualTo(4);
        assertThat(http.get("bye.localhost", "/").body()).isEqualTo("bye-1");
        assertThat(controller.acks()).extracting(a -> a.get("generation").asLong()).containsExactly(1L, 4L);

        // a burst that ends in a ping, not a table: the last table is acknowledged all the same
        controller.sendDeltasInOneWrite(4, List.of(bye, bye), true);

        awaitAck(6);
        assertThat(controller.acks()).extracting(a -> a.get("generation").asLong()).containsExactly(1L, 4L, 6L);
    }

    @Test
    void refusesADeltaForAnotherGenerationThenReconnectsForASnapshot() {
        controller.table(helloTable(1));
        ControllerLink link = follow();
        awaitAck(1);

        controller.table(helloAndByeTable(6));
        controller.sendDelta(5, 6, List.of(), List.of());

        JsonNode nack = awaitNack(6);
        assertThat(nack.get("error").asText()).contains("base: 5 (expected: 1");
        await().until(() -> controller.acks().stream().filter(a -> isAck(a, 6)).count() == 1);
        assertThat(controller.watches()).hasSize(2);
        assertThat(router.generation()).isEqualTo(6);
        assertThat(http.get("bye.localhost", "/").body()).isEqualTo("bye-1");
        await().until(link::connected);
    }

    @Test
    void refusesATableWithTheRejectedHostAndKeepsServingTheLastGoodOne() {
        controller.table(helloTable(1));
        fixture.open(link(router, controller.uri()).rejectHost("Bye.localhost").start());
        awaitAck(1);

        controller.sendSnapshot(helloAndByeTable(2));
        JsonNode nack = awaitNack(2);
        assertThat(nack.get("error").asText())
                .isEqualTo("routes: host bye.localhost (refused by the test hook CUTOVER_ROUTER_REJECT_HOST)");
        assertThat(router.generation()).isEqualTo(1);
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("hello-1");
        assertThat(http.get("bye.localhost", "/").statusCode()).isEqualTo(404);

        // The stream is still followed: a later table without the host is applied.
        controller.sendSnapshot(helloTable(3));
        awaitAck(3);
        assertThat(controller.watches()).hasSize(1);
    }

    @Test
    void refusesATableTheRouterCannotServeWithTheRoutersError() {
        controller.table(helloTable(4));
        follow();
        awaitAck(4);

        controller.sendSnapshot(helloTable(3));

        assertThat(awaitNack(3).get("error").asText())
                .isEqualTo("generation: 3 (expected: >= 4, the generation served)");
        assertThat(router.generation()).isEqualTo(4);
    }

    @Test
    void refusesATableOfAnOlderTermOfTheSameStoreAndReconnectsToFindTheLeader() {
        controller.table(helloTable(5).stamped(4, "store-a"));
        ControllerLink link = follow();
        awaitAck(5);
        controller.table(helloAndByeTable(8).stamped(5, "store-a")); // what the next watch stream starts with

        // a deposed leader's table, numbered higher than the one served but made in an older term
        controller.sendSnapshot(helloAndByeTable(6).stamped(3, "store-a"));

        assertThat(awaitNack(6).get("error").asText()).isEqualTo(
                "term: 3 is older than term 4 this router follows (a deposed leader's table); following the current leader");
        awaitAck(8);
        assertThat(controller.watches()).hasSize(2);
        assertThat(router.generation()).isEqualTo(8);
        assertThat(router.table().term()).isEqualTo(5);
        assertThat(http.get("bye.localhost", "/").body()).isEqualTo("bye-1");
        await().until(link::connected);
    }

    @Test
    void refusesADeltaOfAnOlderTermAndKeepsTheTableServed() {
        controller.table(helloTable(2).stamped(7, "store-a"));
        follow();
        awaitAck(2);

        controller.sendDelta(2, 3, 6, helloAndByeTable(3).routes().subList(1, 2), List.of());

        assertThat(awaitNack(3).get("error").asText()).startsWith("term: 6 is older than term 7 this router follows");
        assertThat(router.generation()).isEqualTo(2);
        assertThat(http.get("bye.localhost", "/").statusCode()).isEqualTo(404);
        await().until(() -> controller.watches().size() == 2);

        controller.sendDelta(2, 3, 7, helloAndByeTable(3).routes().subList(1, 2), List.of());
        awaitAck(3);
        assertThat(http.get("bye.localhost", "/").body()).isEqualTo("bye-1");
    }

    @Test
    void takesTheSnapshotOfAnotherStoreWhateverItsGenerationOverASavedTable() throws Exception {
        // saved while following a controller whose store is gone (reinstalled, another data directory)
        Files.writeString(stateDir.resolve("table.json"), Manifests.toJson(helloAndByeTable(104).stamped(9, "store-old")));
        controller.table(helloTable(3).stamped(1, "store-new"));

        fixture.open(link(router, controller.uri()).stateDirectory(stateDir).start());

        awaitAck(3);
        assertThat(router.generation()).isEqualTo(3);
        assertThat(router.store()).isEqualTo("store-new");
        assertThat(http.get("bye.localhost", "/").statusCode()).isEqualTo(404);
        assertThat(controller.acks()).noneMatch(a -> a.get("error").isTextual());
        // within the new store, older generations are refused again
        controller.sendSnapshot(helloTable(2).stamped(1, "store-new"));
        assertThat(awaitNack(2).get("error").asText()).isEqualTo("generation: 2 (expected: >= 3, the generation served)");
    }

    @Test
    void refusesAnEventItCannotReadAndReconnects() {
        controller.table(helloTable(1));
        follow();
        awaitAck(1);

        controller.send("snapshot", 2, "{\"generation\": 2, \"routes\": [{\"host\": \"x.localhost\"}]}");

        assertThat(awaitNack(2).get("error").asText()).startsWith("cannot read the snapshot event: ");
        await().until(() -> controller.watches().size() == 2);
        assertThat(router.generation()).isEqualTo(1);
    }

    @Test
    void heartbeatsCarryInFlightRequestsAndPerRevisionCounts() {
        controller.table(helloTable(1));
        ControllerLink link = follow();
        awaitAck(1);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(200);
        }
        hello.answerWith(500);
        assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(500);
        CompletableFuture<HttpResponse<String>> slow = http.getAsync("hello.localhost", "/slow");
        await().until(() -> hello.slowWaiting() == 1);

        await().until(() -> {
            JsonNode beat = controller.lastHeartbeat();
            return beat != null && beat.at("/inFlight/hello-1").asInt() == 1
                    && beat.at("/revisions/hello~11/requests").asLong() == 4;
        });
        JsonNode beat = controller.lastHeartbeat();
        assertThat(beat.get("router").asText()).isEqualTo("r1");
        assertThat(beat.get("address").asText()).isEqualTo("127.0.0.1:" + router.address().getPort());
        assertThat(beat.get("generation").asLong()).isEqualTo(1);
        JsonNode revision = beat.get("revisions").get("hello/1");
        assertThat(revision.get("2xx").asLong()).isEqualTo(3);
        assertThat(revision.get("5xx").asLong()).isEqualTo(1);
        assertThat(revision.get("connectFailures").asLong()).isZero();
        assertThat(revision.at("/latencyMs/count").asLong()).isEqualTo(4);
        assertThat(revision.at("/latencyMs/max").asDouble()).isPositive();
        assertThat(link.live()).isTrue();

        hello.releaseSlow();
        assertThat(slow.join().statusCode()).isEqualTo(200);
        await().until(() -> controller.lastHeartbeat().at("/inFlight/hello-1").asInt() == 0
                && controller.lastHeartbeat().at("/revisions/hello~11/requests").asLong() == 5);
    }

    @Test
    void heartbeatsStopWhileTheStreamIsDown() {
        controller.table(helloTable(1));
        ControllerLink link = follow();
        await().until(() -> controller.heartbeats().size() >= 2);

        controller.refuseWatches(true);
        controller.cutStreams();
        await().until(() -> !link.connected());
        int beats = controller.heartbeats().size();
        int watches = controller.watches().size();
        // Five refused attempts take at least 10 + 20 + 40 + 80 + 100 ms: over two heartbeat intervals.
        await().until(() -> controller.watches().size() >= watches + 5);

        assertThat(controller.heartbeats().size()).as("heartbeats while disconnected").isLessThanOrEqualTo(beats + 1);
        controller.refuseWatches(false);
        await().until(() -> controller.heartbeats().size() > beats + 1);
        assertThat(link.connected()).isTrue();
    }

    @Test
    void keepsServingWhileTheControllerIsDownAndCatchesUpWhenItIsBack() {
        controller.table(helloTable(1));
        ControllerLink link = follow();
        awaitAck(1);

        controller.stop();
        await().until(() -> !link.connected());
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("hello-1");
        // The controller stays down through several reconnect attempts.
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("hello-1");

        controller.table(helloAndByeTable(2));
        controller.resume();

        awaitAck(2);
        assertThat(http.get("bye.localhost", "/").body()).isEqualTo("bye-1");
        assertThat(controller.watches()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void reconnectsWhenTheStreamGoesSilent() {
        controller.table(helloTable(1));
        fixture.open(link(router, controller.uri()).streamIdleTimeout(Duration.ofMillis(300)).start());
        awaitAck(1);

        await().until(() -> controller.watches().size() >= 2);
        assertThat(router.generation()).isEqualTo(1);
    }

    @Test
    void leavesAStreamWhoseControllerStopsAnsweringHeartbeatsLongBeforeTheStreamGoesIdle() {
        controller.table(helloTable(1));
        ControllerLink link = follow();
        awaitAck(1);

        controller.stallHeartbeats(true); // frozen: the stream stays open, nothing answers

        // the stream idles out after 15 s; an unanswered heartbeat (2 s) ends it first
        await().atMost(Duration.ofSeconds(6)).until(() -> controller.watches().size() == 2);
        controller.stallHeartbeats(false);
        await().until(link::connected);
        assertThat(router.generation()).isEqualTo(1);
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("hello-1");
    }

    @Test
    void savesEachAppliedTableAndServesTheSavedOneAtOnceAfterARestartWithoutController() throws Exception {
        controller.table(helloTable(1));
        ControllerLink first = fixture.open(link(router, controller.uri()).stateDirectory(stateDir).start());
        awaitAck(1);
        controller.sendDelta(1, 2, helloAndByeTable(2).routes().subList(1, 2), List.of());
        awaitAck(2);
        Path saved = stateDir.resolve("table.json");
        await().until(() -> Files.exists(saved)
                && Manifests.json().readValue(saved.toFile(), RoutingTable.class).generation() == 2);
        first.close();
        router.close();
        controller.stop();

        Router restarted = fixture.startRouter();
        ControllerLink second = fixture.open(link(restarted, URI.create("http://127.0.0.1:" + DeadPort.refusing()))
                .stateDirectory(stateDir).start());

        assertThat(restarted.generation()).isEqualTo(2);
        try (Http client = new Http(restarted.address())) {
            assertThat(client.get("hello.localhost", "/").body()).isEqualTo("hello-1");
            assertThat(client.get("bye.localhost", "/").body()).isEqualTo("bye-1");
        }
        assertThat(second.connected()).isFalse();
    }

    @Test
    void startsWithAnEmptyTableWhenTheSavedOneCannotBeRead() throws Exception {
        Files.writeString(stateDir.resolve("table.json"), "{not json");

        fixture.open(link(router, URI.create("http://127.0.0.1:" + DeadPort.refusing())).stateDirectory(stateDir).start());

        assertThat(router.generation()).isZero();
    }
}
