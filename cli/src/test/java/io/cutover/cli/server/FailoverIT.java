package io.cutover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.auth.AdminTokenFile;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.TestPostgres;
import io.cutover.controller.testing.Traffic;
import io.cutover.core.manifest.Manifests;
import java.net.http.HttpResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three controllers as processes of their own on one PostgreSQL store, a stand-alone router following
 * them, steady traffic through it: the leader is killed (SIGKILL) or frozen (SIGSTOP) in the middle of each
 * strategy. A follower takes over, the deployment ends as it would have, no request fails and no instance
 * slot is launched twice.
 *
 * <p>The kills run with a lease of 60 s, longer than {@link #failOver} waits: a follower can only take over
 * in time by finding the killed leader's term lock free (its database session ended with its process), not
 * by waiting the lease out. A frozen leader's session stays, so the freeze needs a short lease.
 */
class FailoverIT {

    /** The lease TTL of the controllers in one test, when not the kills' 60 s. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    private @interface LeaseTtl {
        String value();
    }

    @RegisterExtension
    final TestPostgres postgres = TestPostgres.perTest();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the controllers' and the router's logs stay when a test failed
    Path dir;

    private final List<ServerProcess> controllers = new ArrayList<>();
    private final Set<Long> pids = new HashSet<>();
    private RouterProcess router;
    private Path gates;

    @BeforeEach
    void startControllersAndRouter(TestInfo test) throws Exception {
        String lease = test.getTestMethod().map(m -> m.getAnnotation(LeaseTtl.class)).map(LeaseTtl::value).orElse("60s");
        controllers.add(startController("a", lease));
        awaitLeader();
        for (String name : List.of("b", "c")) {
            Files.createDirectories(dir.resolve(name));
            Files.copy(dir.resolve("a").resolve(AdminTokenFile.NAME), dir.resolve(name).resolve(AdminTokenFile.NAME));
            controllers.add(startController(name, lease));
        }
        String token = Manifests.json().readTree(leader().call("POST", "/v1/tokens", "{\"name\": \"edge\", \"role\": \"router\"}"))
                .get("token").asText();
        String urls = String.join(",", controllers.stream().map(c -> c.apiUrl).toList());
        router = RouterProcess.start("edge", urls, dir.resolve("edge"), 0, Map.of("CUTOVER_TOKEN", token));
        gates = Files.createDirectories(dir.resolve("ready-gates"));
    }

    private ServerProcess startController(String name, String lease) throws Exception {
        return ServerProcess.start(dir.resolve(name), "--store", postgres.urlText(), "--lease-ttl", lease,
                "--lease-renew", "500ms");
    }

    @AfterEach
    void stopEverything() throws Exception {
        try {
            Optional<ServerProcess> leader = currentLeader();
            if (leader.isPresent()) {
                // every instance ever launched, those the test never listed included
                for (JsonNode event : leader.get().json("/v1/events?app=hello&limit=10000")) {
                    if (event.at("/data/pid").canConvertToLong()) {
                        pids.add(event.at("/data/pid").asLong());
                    }
                }
                leader.get().call("DELETE", "/v1/apps/hello", null);
                await().atMost(Duration.ofSeconds(60)).until(() -> pids.stream()
                        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (router != null) {
                router.close();
            }
            for (ServerProcess controller : controllers) {
                controller.close();
            }
        }
    }

    @Test
    void killingTheLeaderDuringARollingUpdateLosesNoRequestAndLaunchesNoSlotTwice() throws Exception {
        deployVersionOne(2);
        try (Traffic traffic = Traffic.start(router.port, "hello.localhost", "/endpoint0", 4)) {
            long id = apply(gatedRollingUpdate());
            String first = awaitNewInstance(List.of());
            Files.createFile(gates.resolve(first));
            await().atMost(Duration.ofSeconds(60)).until(() -> instances().stream()
                    .anyMatch(i -> i.get("id").asText().equals(first) && i.get("routable").asBoolean()));

            ServerProcess next = failOver(leader()::killHard);

            String second = awaitNewInstance(List.of(first));
            Files.createFile(gates.resolve(second));
            assertDeployed(next, id);
            assertNothingLost(traffic);
        }
        assertEachSlotLaunchedOnce(2);
    }

    @Test
    void killingTheLeaderWhileACanaryIsPausedKeepsItsWeightAndTheNextLeaderPromotesIt() throws Exception {
        deployVersionOne(2);
        try (Traffic traffic = Traffic.start(router.port, "hello.localhost", "/endpoint0", 4)) {
            long id = apply(RunningServer.simpleservice("hello", 2, "2.0",
                    "strategy: {type: canary, steps: [{setWeight: 50}, {pause: {}}]}\n"));
            await().atMost(Duration.ofSeconds(60)).until(() -> "PAUSED".equals(deployment(leader(), id).get("reason").asText()));

            ServerProcess next = failOver(leader()::killHard);

            JsonNode paused = deployment(next, id);
            assertThat(paused.get("reason").asText()).isEqualTo("PAUSED");
            assertThat(paused.at("/canary/weight").asInt()).isEqualTo(50);
            long before = traffic.versions().getOrDefault("1.0", 0L);
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.versions().getOrDefault("1.0", 0L) > before + 20
                    && traffic.versions().getOrDefault("2.0", 0L) > 20);
            assertThat(next.send("POST", "/v1/deployments/" + id + "/promote?full=true", null).statusCode()).isEqualTo(200);
            assertDeployed(next, id);
            assertNothingLost(traffic);
        }
        assertEachSlotLaunchedOnce(2);
    }

    @Test
    void killingTheLeaderWhileBlueAndGreenRunSideBySideLetsTheNextLeaderSwitch() throws Exception {
        deployVersionOne(2);
        try (Traffic traffic = Traffic.start(router.port, "hello.localhost", "/endpoint0", 4)) {
            long id = apply(RunningServer.simpleservice("hello", 2, "2.0", "strategy: {type: blueGreen}\n"));
            await().atMost(Duration.ofSeconds(60)).until(() -> "PAUSED".equals(deployment(leader(), id).get("reason").asText()));
            assertThat(deployment(leader(), id).at("/blueGreen/phase").asText()).isEqualTo("DUAL_RUNNING");

            ServerProcess next = failOver(leader()::killHard);

            assertThat(deployment(next, id).at("/blueGreen/phase").asText()).isEqualTo("DUAL_RUNNING");
            assertThat(traffic.versions()).doesNotContainKey("2.0");
            assertThat(next.send("POST", "/v1/deployments/" + id + "/promote", null).statusCode()).isEqualTo(200);
            assertDeployed(next, id);
            assertNothingLost(traffic);
        }
        assertEachSlotLaunchedOnce(2);
    }

    @Test
    @LeaseTtl("2s")
    void aLeaderFrozenPastItsLeaseWritesNothingWhenItThawsAndFollows() throws Exception {
        deployVersionOne(2);
        try (Traffic traffic = Traffic.start(router.port, "hello.localhost", "/endpoint0", 4)) {
            long id = apply(gatedRollingUpdate());
            String first = awaitNewInstance(List.of());
            ServerProcess frozen = leader();
            long term = term(frozen);

            ServerProcess next = failOver(frozen::freeze);

            // the world moves on while it sleeps: the new leader rolls the update out to its end
            Files.createFile(gates.resolve(first));
            String second = awaitNewInstance(List.of(first));
            Files.createFile(gates.resolve(second));
            assertDeployed(next, id);
            long eventsBefore = lastEventId(next);

            frozen.thaw();

            await().atMost(Duration.ofSeconds(10)).until(() -> "follower".equals(health(frozen).get("role").asText()));
            assertThat(health(frozen).at("/leader/term").asLong()).isEqualTo(term + 1);
            assertThat(health(next).get("role").asText()).isEqualTo("leader");
            assertThat(lastEventId(next)).as("the thawed controller wrote nothing").isEqualTo(eventsBefore);
            assertThat(instances()).hasSize(2).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(2));
            assertNothingLost(traffic);
        }
        assertEachSlotLaunchedOnce(2);
    }

    // ---- steps

    private void deployVersionOne(int instances) throws Exception {
        long id = apply(RunningServer.simpleservice("hello", instances, "1.0", ""));
        assertDeployed(leader(), id);
        await().atMost(Duration.ofSeconds(30)).until(() -> routerLive(leader()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RunningServer.via(router.port, "hello.localhost", "/endpoint0").status() == 200);
    }

    /** Version 2, one instance at a time, each ready only once its gate file exists. */
    private String gatedRollingUpdate() {
        String strategy = "strategy: {type: rolling, maxSurge: 1, maxUnavailable: 0}\n";
        return RunningServer.simpleservice("hello", 2, "2.0", strategy + "readinessCheck: {path: /ready, intervalSeconds: 1}\n")
                .replace("QUIET: \"true\"}", "QUIET: \"true\", READY_GATE_DIR: \"" + gates + "\"}");
    }

    /** Applies a manifest through the leader; the id of the deployment it started. */
    private long apply(String manifest) throws Exception {
        return Manifests.json().readTree(leader().call("POST", "/v1/apps", manifest)).get("deployment").asLong();
    }

    /**
     * Makes the leader fail ({@code failure}: kill or freeze it), then waits for another controller to
     * lead in the next term and for the router to follow it; returns the new leader.
     */
    private ServerProcess failOver(Failure failure) throws Exception {
        ServerProcess old = leader();
        long term = term(old);
        failure.run();
        ServerProcess next = await().atMost(Duration.ofSeconds(20)).until(() -> controllers.stream()
                .filter(c -> c != old && "leader".equals(health(c).path("role").asText()) && term(c) == term + 1)
                .findFirst(), Optional::isPresent).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> routerLive(next));
        return next;
    }

    @FunctionalInterface
    private interface Failure {
        void run() throws Exception;
    }

    private void assertDeployed(ServerProcess leader, long id) {
        await().atMost(Duration.ofSeconds(90)).until(() -> "FINALIZED".equals(deployment(leader, id).get("status").asText()));
        assertThat(deployment(leader, id).get("reason").asText()).isEqualTo("DEPLOYED");
    }

    private static void assertNothingLost(Traffic traffic) {
        traffic.close();
        assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
        assertThat(traffic.succeeded()).isPositive();
    }

    /**
     * Every revision-2 slot got one instance: the instances launched (or, launched by a leader killed
     * before it recorded the launch, adopted by the next) are the instances running at the end.
     */
    private void assertEachSlotLaunchedOnce(int instances) throws Exception {
        Set<String> launched = new HashSet<>();
        for (JsonNode event : leader().json("/v1/events?app=hello&limit=10000")) {
            String type = event.get("type").asText();
            String instance = event.at("/data/instance").asText();
            if ((type.equals("instance_started") && event.at("/data/revision").asInt() == 2)
                    || (type.equals("instance_adopted") && instance.startsWith("hello-2-"))) {
                launched.add(instance);
            }
        }
        Set<String> running = new HashSet<>();
        instances().forEach(i -> running.add(i.get("id").asText()));
        assertThat(running).hasSize(instances);
        assertThat(launched).isEqualTo(running);
    }

    // ---- reads

    private ServerProcess leader() {
        return await().atMost(Duration.ofSeconds(30)).until(this::currentLeader, Optional::isPresent).get();
    }

    private void awaitLeader() {
        leader();
    }

    private Optional<ServerProcess> currentLeader() {
        for (ServerProcess controller : controllers) {
            if (controller.alive() && "leader".equals(health(controller).path("role").asText())) {
                return Optional.of(controller);
            }
        }
        return Optional.empty();
    }

    private static JsonNode health(ServerProcess controller) {
        try {
            HttpResponse<String> answer = controller.send("GET", "/healthz", null, Duration.ofSeconds(1));
            return Manifests.json().readTree(answer.body());
        } catch (Exception e) {
            return Manifests.json().createObjectNode(); // frozen or gone
        }
    }

    private static long term(ServerProcess controller) {
        return health(controller).path("term").asLong();
    }

    private static JsonNode deployment(ServerProcess controller, long id) {
        try {
            return controller.json("/v1/deployments/" + id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lastEventId(ServerProcess controller) throws Exception {
        long last = 0;
        for (JsonNode event : controller.json("/v1/events?limit=10000")) {
            last = Math.max(last, event.get("id").asLong());
        }
        return last;
    }

    private List<JsonNode> instances() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        leader().json("/v1/apps/hello/instances").forEach(out::add);
        out.forEach(i -> pids.add(i.get("pid").asLong()));
        return out;
    }

    /** The id of an instance of revision 2 not in {@code known}, once there is one. */
    private String awaitNewInstance(List<String> known) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> instances().stream()
                .filter(i -> i.get("revision").asInt() == 2 && !known.contains(i.get("id").asText()))
                .map(i -> i.get("id").asText()).findFirst(), Optional::isPresent).get();
    }

    private boolean routerLive(ServerProcess leader) throws Exception {
        HttpResponse<String> routers = leader.send("GET", "/v1/routers", null);
        if (routers.statusCode() != 200) {
            return false;
        }
        for (JsonNode r : Manifests.json().readTree(routers.body())) {
            if (r.get("id").asText().equals("edge") && r.get("live").asBoolean() && r.get("lag").asLong() == 0) {
                return true;
            }
        }
        return false;
    }
}
