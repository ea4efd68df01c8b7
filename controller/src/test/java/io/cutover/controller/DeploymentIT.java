package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import io.cutover.controller.testing.Traffic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rolling deployments with real processes under real traffic through the router. */
class DeploymentIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    /** Watches the app's instances while a deployment runs: the most instances at once, the fewest routable. */
    private final class CapacityWatch implements AutoCloseable {
        final AtomicInteger maxTotal = new AtomicInteger();
        final AtomicInteger minRoutable = new AtomicInteger(Integer.MAX_VALUE);
        private volatile boolean running = true;
        private final Thread thread;

        CapacityWatch(String app) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    List<JsonNode> instances = server.instances(app);
                    maxTotal.accumulateAndGet(instances.size(), Math::max);
                    int routable = (int) instances.stream().filter(i -> i.get("routable").asBoolean()).count();
                    minRoutable.accumulateAndGet(routable, Math::min);
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }

    private JsonNode rollOut(String extra, int expectedMinHealthy, int expectedMaxCapacity) throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 4, "1.0", extra));
        JsonNode finished;
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4);
                CapacityWatch watch = new CapacityWatch("hello")) {
            long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 4, "2.0", extra)));
            finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().getOrDefault("2.0", 0L) > 50);
            traffic.close();
            watch.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsKeys("1.0", "2.0");
            assertThat(watch.maxTotal.get()).isLessThanOrEqualTo(expectedMaxCapacity);
            assertThat(watch.minRoutable.get()).isGreaterThanOrEqualTo(expectedMinHealthy);
        }
        assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
        assertThat(finished.get("fromRevision").asInt()).isEqualTo(1);
        assertThat(finished.get("toRevision").asInt()).isEqualTo(2);
        assertThat(server.instances("hello")).hasSize(4).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(2));
        return finished;
    }

    @Test
    void rollsOutWithTheDefaultsWithoutFailingARequest() throws Exception {
        JsonNode deployment = rollOut("", 4, 8);

        assertThat(deployment.at("/bounds/minHealthy").asInt()).isEqualTo(4);
        String events = server.get("/v1/events?app=hello").body();
        assertThat(events).contains("deployment_started", "deployment_step", "deployment_finished",
                "instance_draining", "instance_drained", "instance_terminating", "instance_stopped");
    }

    @Test
    void rollsOutBaseMinOverWithinItsBounds() throws Exception {
        rollOut("strategy: {minimumHealthCapacity: 0.25, maximumOverCapacity: 0.25}\n", 1, 5);
    }

    @Test
    void rollsOutOneAtATimeWithSurgeOneUnavailableZero() throws Exception {
        rollOut("strategy: {maxSurge: 1, maxUnavailable: 0}\n", 4, 5);
    }

    @Test
    void waitsForReadinessBeforeRoutingNewInstances() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        String ready = "readinessCheck: {path: /ready, intervalSeconds: 1}\n";
        String manifest = RunningServer.simpleservice("hello", 2, "2.0", ready).replace("QUIET: \"true\"", "QUIET: \"true\", READY_AFTER_MS: \"2500\"");

        long id = RunningServer.deploymentOf(server.apply(manifest));

        await().atMost(Duration.ofSeconds(20)).until(() -> server.instances("hello").stream()
                .anyMatch(i -> i.get("revision").asInt() == 2 && "HEALTHY".equals(i.get("health").asText())));
        assertThat(server.instances("hello")).filteredOn(i -> i.get("revision").asInt() == 2)
                .allSatisfy(i -> assertThat(i.get("routable").asBoolean()).isFalse());
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("1.0");
        assertThat(server.awaitFinalized(id, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
        assertThat(server.get("/v1/events?app=hello").body()).contains("instance_ready");
    }

    @Test
    void drainsLongRequestsBeforeStoppingOldInstances() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        try (Traffic slow = Traffic.start(server, "hello.localhost", "/slow?ms=2000", 4)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.instances("hello").stream()
                    .mapToInt(i -> i.get("inFlight").asInt()).sum() >= 3);
            long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0", "")));
            assertThat(server.awaitFinalized(id, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
            slow.close();
            assertThat(slow.failed()).as("failed: %s", slow.failures()).isZero();
            assertThat(slow.succeeded()).isGreaterThanOrEqualTo(4);
        }
        JsonNode drained = server.get("/v1/events?app=hello").json();
        List<JsonNode> drains = new java.util.ArrayList<>();
        drained.forEach(e -> {
            if (e.get("type").asText().equals("instance_drained")) {
                drains.add(e);
            }
        });
        assertThat(drains).hasSize(2).allSatisfy(e -> assertThat(e.at("/data/timedOut").asBoolean()).isFalse());
        assertThat(drains).anySatisfy(e -> assertThat(e.at("/data/millis").asLong()).isGreaterThan(100));
    }

    @Test
    void failsACrashLoopingRevisionEarlyAndRollsBack() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 2)) {
            String crashing = RunningServer.simpleservice("hello", 2, "2.0", "strategy: {maxLaunchFailures: 2}\n")
                    .replace("QUIET: \"true\"", "QUIET: \"true\", CRASH_AFTER_MS: \"100\"");
            long id = RunningServer.deploymentOf(server.apply(crashing));

            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
            traffic.close();
            assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
            assertThat(finished.get("failure").asText()).contains("maxLaunchFailures 2").contains("CRASH_AFTER_MS");
            assertThat(traffic.failed()).as("failed: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsOnlyKeys("1.0");
        }
        server.awaitRoutable("hello", 2);
        assertThat(server.get("/v1/apps/hello").json().get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void pausesOnAMissedProgressDeadlineWhenAskedTo() {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        String neverReady = RunningServer.simpleservice("hello", 1, "2.0",
                        "readinessCheck: {path: /ready}\nstrategy: {progressDeadlineSeconds: 3, onFailure: pause}\n")
                .replace("QUIET: \"true\"", "QUIET: \"true\", READY_AFTER_MS: \"600000\"");
        long id = RunningServer.deploymentOf(server.apply(neverReady));

        await().atMost(Duration.ofSeconds(30)).until(() -> "PAUSED".equals(server.get("/v1/deployments/" + id).json().get("reason").asText()));
        JsonNode paused = server.get("/v1/deployments/" + id).json();
        assertThat(paused.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(paused.get("failure").asText()).contains("no progress for 3s");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("1.0");

        server.api("POST", "/v1/deployments/" + id + "/cancel", null, null);
        assertThat(server.awaitFinalized(id, Duration.ofSeconds(30)).get("reason").asText()).isEqualTo("FAILED");
        server.awaitRoutable("hello", 1);
    }

    @Test
    void cancelRollsBackWithoutFailingARequest() {
        server.deploy(RunningServer.simpleservice("hello", 3, "1.0", ""));
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            String slowStart = RunningServer.simpleservice("hello", 3, "2.0", "strategy: {maxSurge: 1, maxUnavailable: 0}\n");
            long id = RunningServer.deploymentOf(server.apply(slowStart));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/v1/deployments/" + id).json().get("step").asInt() >= 1);

            Response canceled = server.api("POST", "/v1/deployments/" + id + "/cancel", null, null);
            assertThat(canceled.status()).isEqualTo(200);
            assertThat(canceled.json().get("reason").asText()).isEqualTo("CANCELING");

            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
            traffic.close();
            assertThat(finished.get("reason").asText()).isEqualTo("CANCELED");
            assertThat(traffic.failed()).as("failed: %s", traffic.failures()).isZero();
        }
        server.awaitRoutable("hello", 3);
        assertThat(server.instances("hello")).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(1));
        Response again = server.api("POST", "/v1/deployments/2/cancel", null, null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains("already FINALIZED (CANCELED)");
    }

    @Test
    void aNewApplySupersedesTheActiveDeployment() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        long first = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0", "")));
        long second = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "3.0", "")));

        assertThat(server.get("/v1/deployments/" + first).json().get("reason").asText()).isEqualTo("SUPERSEDED");
        assertThat(server.awaitFinalized(second, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
        server.awaitRoutable("hello", 2);
        assertThat(server.instances("hello")).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(3));
        assertThat(server.get("/v1/deployments?app=hello&active=true").json()).isEmpty();
        assertThat(server.get("/v1/deployments?app=hello&limit=2").json()).extracting(d -> d.get("id").asLong())
                .as("the newest two").containsExactly(second, first);
        Response badLimit = server.get("/v1/deployments?limit=0");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.body()).contains("limit");
    }

    @Test
    void plansWithoutChangingAnythingAndRejectsBadStrategies() {
        server.deploy(RunningServer.simpleservice("hello", 4, "1.0", ""));
        String before = server.get("/v1/apps/hello").body();

        Response plan = server.api("POST", "/v1/apps/hello/plan",
                RunningServer.simpleservice("hello", 4, "2.0", "strategy: {minimumHealthCapacity: 0.25, maximumOverCapacity: 0.25}\n"),
                "application/yaml");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat(plan.json().get("steps")).hasSize(3);
        assertThat(plan.json().at("/steps/0/stops").asInt()).isEqualTo(3);
        assertThat(plan.json().at("/bounds/maxCapacity").asInt()).isEqualTo(5);

        assertThat(server.api("POST", "/v1/apps/nope/plan", RunningServer.simpleservice("nope", 1, "1", ""), "application/yaml").status())
                .isEqualTo(404);
        Response mixed = server.apply(RunningServer.simpleservice("hello", 4, "2.0", "strategy: {maxSurge: 1, minimumHealthCapacity: 0.5}\n"));
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(mixed.json().at("/details/0/field").asText()).isEqualTo("strategy.maxSurge");
        Response stuck = server.apply(RunningServer.simpleservice("hello", 4, "2.0", "strategy: {maxSurge: 0, maxUnavailable: 0}\n"));
        assertThat(stuck.json().at("/details/0/problem").asText()).contains("can never make progress");
        Response fraction = server.apply(RunningServer.simpleservice("hello", 4, "2.0", "strategy: {maximumOverCapacity: 1.5}\n"));
        assertThat(fraction.json().at("/details/0/problem").asText()).isEqualTo("1.5 (expected: 0..1)");
        assertThat(server.get("/v1/apps/hello").body()).isEqualTo(before);
        assertThat(server.get("/v1/deployments?app=hello").json()).hasSize(1);
    }
}
