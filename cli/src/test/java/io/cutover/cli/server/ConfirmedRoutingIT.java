package io.cutover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Seed 000's problem, solved: a route change returns only once every router applied it. */
class ConfirmedRoutingIT {

    private static final Duration ROUTER_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path stateDir;
    @RegisterExtension
    final RunningServer server = RunningServer.perTest(ROUTER_TIMEOUT);
    private final List<RouterProcess> routers = new ArrayList<>();

    private String routerToken;

    @BeforeEach
    void startRoutersAndDeploy() throws Exception {
        for (int i = 1; i <= 3; i++) {
            routers.add(startRouter("r" + i, 0, Map.of()));
        }
        awaitLive(4);
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        awaitLive(4); // every router has the generation with the instance, not only the store
    }

    @AfterEach
    void stopRouters() throws Exception {
        for (RouterProcess router : routers) {
            router.close();
        }
    }

    private RouterProcess startRouter(String id, int port, Map<String, String> env) throws Exception {
        if (routerToken == null) {
            routerToken = server.createToken("routers", "router");
        }
        Map<String, String> withToken = new java.util.HashMap<>(env);
        withToken.put("CUTOVER_TOKEN", routerToken);
        return RouterProcess.start(id, server.apiUrl(), stateDir.resolve(id), port, withToken);
    }

    private void awaitLive(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> live().size() == count);
    }

    private List<String> live() {
        List<String> ids = new ArrayList<>();
        for (JsonNode router : server.get("/v1/routers").json()) {
            if (router.get("live").asBoolean() && router.get("lag").asLong() == 0) {
                ids.add(router.get("id").asText());
            }
        }
        return ids;
    }

    private List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(server.routerPort()));
        routers.forEach(r -> ports.add(r.port));
        return ports;
    }

    private Response map(String host) {
        return server.api("POST", "/v1/routes?wait=true&timeout=10s", "{\"host\": \"" + host + "\", \"app\": \"hello\"}", "application/json");
    }

    private Response unmap(String host) {
        return server.api("DELETE", "/v1/routes/" + host + "?wait=true&timeout=10s", null, null);
    }

    @Test
    void theNextRequestAfterAWaitedMapReachesTheAppThroughEveryRouter200TimesInARow() {
        int notFound = 0;
        int stillRouted = 0;
        for (int i = 0; i < 200; i++) {
            String host = "blue-" + i + ".localhost";
            assertThat(map(host).status()).isEqualTo(201);
            for (int port : ports()) {
                Response answer = RunningServer.via(port, host, "/endpoint0");
                if (answer.status() != 200) {
                    notFound++;
                }
            }
            assertThat(unmap(host).status()).isEqualTo(200);
            for (int port : ports()) {
                if (RunningServer.via(port, host, "/endpoint0").status() != 404) {
                    stillRouted++;
                }
            }
        }
        assertThat(notFound).as("requests that missed a route just mapped").isZero();
        assertThat(stillRouted).as("requests that still found a route just unmapped").isZero();
    }

    @Test
    void anApplyThatAddsARouteAnswersWithItsGenerationAndWaitsForEveryRouterWhenAsked() {
        for (int i = 0; i < 20; i++) {
            String manifest = RunningServer.simpleservice("hello", 1, "1.0", "routes: [hello, extra-" + i + "]\n");
            Response applied = server.api("POST", "/v1/apps?wait=true&timeout=10s", manifest, "application/yaml");
            assertThat(applied.status()).as(applied.body()).isEqualTo(200);
            assertThat(applied.json().get("generation").asLong()).isPositive();
            for (int port : ports()) {
                assertThat(RunningServer.via(port, "extra-" + i + ".localhost", "/endpoint0").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aFrozenRouterStopsCountingAndIsCountedAgainAfterItResyncs() throws Exception {
        RouterProcess frozen = routers.get(1);
        frozen.freeze();

        Response mapped = map("while-frozen.localhost");

        assertThat(mapped.status()).as(mapped.body()).isEqualTo(201);
        assertThat(server.get("/v1/events").body()).contains("router_lost").contains("\"router\":\"" + frozen.id + "\"");
        assertThat(RunningServer.via(routers.get(0).port, "while-frozen.localhost", "/endpoint0").status()).isEqualTo(200);

        frozen.thaw();
        awaitLive(4);
        assertThat(RunningServer.via(frozen.port, "while-frozen.localhost", "/endpoint0").status()).isEqualTo(200);
    }

    @Test
    void aRouterKilledDuringADeploymentStopsCountingAndTheDeploymentGoesOn() throws Exception {
        long id = startSlowDeploymentAndAwaitItsFirstNewInstance();

        routers.get(2).killHard();

        assertDeployedThroughTheLiveRouters(id, routers.subList(0, 2));
    }

    @Test
    void aRouterFrozenDuringADeploymentStopsCountingThenResyncsWhenItThaws() throws Exception {
        // Each new instance becomes ready only once its gate file exists: the deployment cannot finish before the freeze.
        Path gates = Files.createDirectories(stateDir.resolve("ready-gates"));
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        String gated = RunningServer.simpleservice("hello", 2, "2.0",
                "strategy: {type: rolling, maxSurge: 1, maxUnavailable: 0}\nreadinessCheck: {path: /ready, intervalSeconds: 1}\n")
                .replace("QUIET: \"true\"}", "QUIET: \"true\", READY_GATE_DIR: \"" + gates + "\"}");
        long id = RunningServer.deploymentOf(server.apply(gated));
        String first = awaitNewInstance(List.of());
        Files.createFile(gates.resolve(first));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.instances("hello").stream()
                .anyMatch(i -> i.get("id").asText().equals(first) && i.get("routable").asBoolean()));
        RouterProcess frozen = routers.get(2);

        frozen.freeze();
        String second = awaitNewInstance(List.of(first));
        assertThat(server.get("/v1/deployments/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
        Files.createFile(gates.resolve(second));

        assertDeployedThroughTheLiveRouters(id, routers.subList(0, 2));
        frozen.thaw();
        awaitLive(4);
        assertThat(RunningServer.via(frozen.port, "hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("2.0");
    }

    /** The id of an instance of revision 2 not in {@code known}, once there is one. */
    private String awaitNewInstance(List<String> known) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> server.instances("hello").stream()
                .filter(i -> i.get("revision").asInt() == 2 && !known.contains(i.get("id").asText()))
                .map(i -> i.get("id").asText()).findFirst(), Optional::isPresent).get();
    }

    /** 2.0 rolls out one instance at a time over two; returns once the first new instance takes traffic. */
    private long startSlowDeploymentAndAwaitItsFirstNewInstance() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        String surgeOne = "strategy: {type: rolling, maxSurge: 1, maxUnavailable: 0}\n";
        long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0", surgeOne)));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.instances("hello").stream()
                .anyMatch(i -> i.get("revision").asInt() == 2 && i.get("routable").asBoolean()));
        assertThat(server.get("/v1/deployments/" + id).json().get("status").asText()).isEqualTo("ACTIVE");
        return id;
    }

    private void assertDeployedThroughTheLiveRouters(long id, List<RouterProcess> live) {
        JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
        assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
        for (RouterProcess router : live) {
            assertThat(RunningServer.via(router.port, "hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("2.0");
        }
        assertThat(server.get("/v1/events?limit=1000").body()).contains("router_lost").contains("\"router\":\"r3\"");
    }

    @Test
    void aRefusedTableFailsTheWaitAndLeavesTheRouterOnItsLastGoodTable() throws Exception {
        RouterProcess picky = startRouter("picky", 0, Map.of("CUTOVER_ROUTER_REJECT_HOST", "bad.localhost"));
        routers.add(picky);
        awaitLive(5);

        Response refused = server.api("POST", "/v1/routes?wait=true&timeout=2s", "{\"host\": \"bad\", \"app\": \"hello\"}", "application/json");

        assertThat(refused.status()).isEqualTo(504);
        assertThat(refused.json().get("error").asText()).isEqualTo("routers_lagging");
        assertThat(refused.json().at("/details/0/problem").asText()).startsWith("picky (refused: generation");
        JsonNode listed = null;
        for (JsonNode router : server.get("/v1/routers").json()) {
            if (router.get("id").asText().equals("picky")) {
                listed = router;
            }
        }
        assertThat(listed.get("error").asText()).contains("bad.localhost");
        assertThat(RunningServer.via(picky.port, "hello.localhost", "/endpoint0").status()).isEqualTo(200);
        assertThat(RunningServer.via(picky.port, "bad.localhost", "/endpoint0").status()).isEqualTo(404);
        assertThat(RunningServer.via(routers.get(0).port, "bad.localhost", "/endpoint0").status()).isEqualTo(200);

        assertThat(unmap("bad.localhost").status()).isEqualTo(200);
        awaitLive(5);
    }

    @Test
    void routersKeepServingWithoutTheControllerAndARestartedOneServesItsPersistedTable() throws Exception {
        int port = routers.get(0).port;
        server.stopServer();

        // Apps keep running and routers keep their last table while the controller is down.
        assertThat(RunningServer.via(port, "hello.localhost", "/endpoint0").status()).isEqualTo(200);
        routers.get(0).close();
        routers.set(0, startRouter("r1", port, Map.of()));
        assertThat(RunningServer.via(port, "hello.localhost", "/endpoint0").status()).isEqualTo(200);

        server.startServer();
        awaitLive(4);
    }
}
