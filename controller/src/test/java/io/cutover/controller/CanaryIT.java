package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import io.cutover.controller.testing.Traffic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Canary deployments through the real router: weights, pauses, continue, promote, cancel, bad input. */
class CanaryIT {

    private static final String CANARY_20 = """
            strategy:
              type: canary
              steps: [{setCanaryScale: {instances: 1}}, {setWeight: 20}, {pause: {}}, {setWeight: 100}]
            """;

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    @BeforeEach
    void deployTheStableVersion() {
        server.deploy(RunningServer.simpleservice("hello", 3, "0.9", ""));
    }

    private long applyCanary(String version, String strategy) {
        return RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 3, version, strategy)));
    }

    private JsonNode awaitPaused(long id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> "PAUSED".equals(server.deployment(id).get("reason").asText()));
        return server.deployment(id);
    }

    private Map<String, Integer> versions(int requests) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            Response answer = server.viaRouter("hello.localhost", "/endpoint0");
            assertThat(answer.status()).isEqualTo(200);
            seen.merge(answer.json().get("version").asText(), 1, Integer::sum);
        }
        return seen;
    }

    private Response control(long id, String what) {
        return server.api("POST", "/v1/deployments/" + id + "/" + what, null, null);
    }

    @Test
    void theLabsCanaryThreeStableOneCanaryAtEightyTwentyThenContinueToFull() throws Exception {
        long id = applyCanary("1.0", CANARY_20);

        JsonNode paused = awaitPaused(id);

        assertThat(paused.at("/canary/weight").asInt()).isEqualTo(20);
        assertThat(paused.at("/canary/step").asInt()).isEqualTo(3);
        assertThat(paused.at("/canary/steps").asInt()).isEqualTo(4);
        assertThat(paused.at("/canary/actions").toString()).contains("continue");
        assertThat(server.instances("hello")).filteredOn(i -> i.get("routable").asBoolean())
                .extracting(i -> i.get("revision").asInt()).containsExactlyInAnyOrder(1, 1, 1, 2);
        Map<String, Integer> seen = versions(2000);
        // The router picks at random: 20% of 2,000 is 400 ± 5 standard deviations (17.9), so one run in
        // millions falls outside by chance; an even share over the four instances (500) does not fit.
        assertThat(seen.getOrDefault("1.0", 0)).as("share of the canary in %s", seen).isBetween(311, 489);
        for (int i = 0; i < 20; i++) {
            assertThat(version("hello.localhost", "always")).isEqualTo("1.0");
            assertThat(version("hello.localhost", "never")).isEqualTo("0.9");
            assertThat(server.viaRouter("hello--canary.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("1.0");
        }

        assertThat(control(id, "continue").status()).isEqualTo(200);

        JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
        assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
        assertThat(versions(50)).containsOnlyKeys("1.0");
        assertThat(server.instances("hello")).hasSize(3).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(2));
        assertThat(server.viaRouter("hello--canary.localhost", "/endpoint0").status()).as("no canary, no canary host").isEqualTo(404);
    }

    /** The version that answers a request with {@code X-Cutover-Canary: side}. */
    private String version(String host, String side) throws Exception {
        return version(HTTP, host, side);
    }

    private String version(java.net.http.HttpClient client, String host, @org.jspecify.annotations.Nullable String side)
            throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.routerPort() + "/endpoint0"))
                .header("Host", host).timeout(Duration.ofSeconds(10)).GET();
        if (side != null) {
            request.header("X-Cutover-Canary", side);
        }
        String body = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return io.cutover.core.manifest.Manifests.json().readTree(body).get("version").asText();
    }

    @Test
    void withStickySessionsEachClientKeepsTheVersionItFirstGot() throws Exception {
        long id = applyCanary("1.0", """
                strategy:
                  type: canary
                  steps: [{setWeight: 50}, {pause: {}}]
                  stickySessions: true
                """);
        awaitPaused(id);

        Map<String, Integer> firsts = new HashMap<>();
        for (int c = 0; c < 40; c++) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .cookieHandler(new java.net.CookieManager()).build();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < 20; i++) {
                seen.add(version(client, "hello.localhost", null));
            }
            assertThat(seen).as("client %d", c).hasSize(1);
            firsts.merge(seen.iterator().next(), 1, Integer::sum);
        }
        assertThat(firsts).as("clients are pinned to both sides").containsKeys("0.9", "1.0");
        assertThat(versions(400)).as("clients without cookies still split").containsKeys("0.9", "1.0");
        control(id, "cancel");
        server.awaitFinalized(id, Duration.ofSeconds(60));
    }

    private static final String ANALYZED = """
            strategy:
              type: canary
              steps: [{setWeight: 50}, {analysis: {interval: 4s, minSamples: 50}}, {setWeight: 100}]
            """;

    /**
     * For an identical version: 2 s of warm-up before the window, and room for a new JVM being a little
     * slower than one that has run for a while (the stable revision here has).
     */
    private static final String ANALYZED_AFTER_WARM_UP = """
            strategy:
              type: canary
              steps: [{setWeight: 50}, {pause: {duration: 2s}}, {analysis: {interval: 4s, minSamples: 50, latencyTolerance: 30}}, {setWeight: 100}]
            """;

    private String withEnv(String manifest, String env) {
        return manifest.replace("QUIET: \"true\"", "QUIET: \"true\", " + env);
    }

    @Test
    void analysisRollsBackACanaryWhoseNewVersionFailsFivePercentWithTheRatesInTheReason() throws Exception {
        long id = RunningServer.deploymentOf(server.apply(withEnv(RunningServer.simpleservice("hello", 3, "1.0", ANALYZED),
                "FAIL_RATE: \"0.05\"")));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 6)) {
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
            assertThat(finished.get("message").asText()).contains("rolled back to revision 1 after: analysis failed")
                    .contains("error rate canary").contains("stable 0.00%");
            assertThat(finished.at("/canary/analysis/0/verdict").asText()).isEqualTo("FAIL");
        }
        assertThat(server.get("/v1/events?app=hello").body()).contains("analysis_result");
    }

    @Test
    void analysisRollsBackACanaryFiftyPercentSlowerAndPassesAnIdenticalOne() throws Exception {
        server.deploy(withEnv(RunningServer.simpleservice("hello", 3, "0.9", ""), "LATENCY_MS: \"10\""));
        long slow = RunningServer.deploymentOf(server.apply(withEnv(RunningServer.simpleservice("hello", 3, "1.0", ANALYZED),
                "LATENCY_MS: \"15\"")));
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 6)) {
            JsonNode finished = server.awaitFinalized(slow, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
            assertThat(finished.get("message").asText()).contains("latency median canary").contains("Mann-Whitney");
        }

        long same = RunningServer.deploymentOf(server.apply(withEnv(RunningServer.simpleservice("hello", 3, "1.1", ANALYZED_AFTER_WARM_UP),
                "LATENCY_MS: \"10\"")));
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 6)) {
            JsonNode finished = server.awaitFinalized(same, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).as(finished.toString()).isEqualTo("DEPLOYED");
            assertThat(finished.at("/canary/analysis/0/verdict").asText()).isEqualTo("PASS");
        }
    }

    @Test
    void aBackgroundAnalysisCancelsACanaryAtAPauseOnceItFailedMoreWindowsThanItsFailureLimit() throws Exception {
        long id = RunningServer.deploymentOf(server.apply(withEnv(RunningServer.simpleservice("hello", 3, "1.0", """
                strategy:
                  type: canary
                  steps: [{setWeight: 50}, {pause: {}}, {setWeight: 100}]
                  analysis: {interval: 2s, minSamples: 30, failureLimit: 1}
                """), "FAIL_RATE: \"0.05\"")));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 6)) {
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
            assertThat(finished.get("message").asText()).contains("background analysis failed at step 2").contains("error rate canary");
            JsonNode verdicts = finished.at("/canary/analysis");
            assertThat(verdicts).as("the first failed window is within failureLimit 1").hasSize(2);
            assertThat(verdicts).allSatisfy(v -> {
                assertThat(v.get("verdict").asText()).isEqualTo("FAIL");
                assertThat(v.get("background").asBoolean()).isTrue();
            });
        }
        assertThat(server.instances("hello")).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(1));
    }

    @Test
    void aBackgroundAnalysisLetsAGoodCanaryPromoteOnlyAfterAVerdict() throws Exception {
        long id = applyCanary("1.0", """
                strategy:
                  type: canary
                  steps: [{setWeight: 50}]
                  analysis: {interval: 3s, minSamples: 30, latencyTolerance: 300}
                """);
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 6)) {
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).as(finished.toString()).isEqualTo("DEPLOYED");
            assertThat(finished.at("/canary/analysis/0/verdict").asText()).isEqualTo("PASS");
            assertThat(finished.at("/canary/analysis/0/background").asBoolean()).isTrue();
            traffic.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
        }
    }

    @Test
    void mirrorCopiesTheShareOfGetsToTheCanaryAndNoPostWhileClientsGetOnlyStableAnswers() throws Exception {
        long id = applyCanary("1.0", """
                strategy:
                  type: canary
                  steps: [{setWeight: 0}, {pause: {}}]
                  mirror: {percent: 50}
                """);
        awaitPaused(id);

        assertThat(versions(400)).as("weight 0: every answer is the stable one").containsOnlyKeys("0.9");
        for (int i = 0; i < 50; i++) {
            java.net.http.HttpRequest post = java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.routerPort() + "/echo"))
                    .header("Host", "hello.localhost").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build();
            assertThat(HTTP.send(post, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var inFlight = server.get("/v1/routers").json().findValues("inFlight");
            return !inFlight.isEmpty() && inFlight.stream().allMatch(n -> n.asInt() == 0); // every copy answered
        });

        JsonNode stats = server.viaRouter("hello--canary.localhost", "/stats").json();
        // 50% of 400: 200 ± 5 standard deviations (10).
        assertThat(stats.get("mirrored").asInt()).isBetween(150, 250);
        assertThat(stats.at("/requests/GET").asInt()).as("the canary got copies only").isEqualTo(stats.get("mirrored").asInt());
        assertThat(stats.at("/requests").has("POST")).as("no POST is mirrored").isFalse();
        control(id, "cancel");
        server.awaitFinalized(id, Duration.ofSeconds(60));
    }

    @Test
    void aCanaryWithNoTrafficIsInconclusiveAndPausesNeverPasses() {
        long id = applyCanary("1.0", ANALYZED);

        awaitPaused(id);
        await().atMost(Duration.ofSeconds(60)).until(() -> server.deployment(id).at("/canary/analysis").size() == 1
                && "PAUSED".equals(server.deployment(id).get("reason").asText()));

        JsonNode inconclusive = server.deployment(id);
        assertThat(inconclusive.at("/canary/analysis/0/verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(inconclusive.at("/canary/analysis/0/reason").asText()).contains("too few requests");
        assertThat(control(id, "continue").status()).isEqualTo(200);
        assertThat(server.awaitFinalized(id, Duration.ofSeconds(90)).get("reason").asText()).isEqualTo("DEPLOYED");
    }

    @Test
    void cancelMovesTheWeightsBackThenDrainsTheCanaryWithoutAFailedRequest() throws Exception {
        long id = applyCanary("1.0", CANARY_20);
        awaitPaused(id);

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.versions().containsKey("1.0"));
            Response canceled = control(id, "cancel");
            assertThat(canceled.status()).isEqualTo(200);
            // The cancel answers once every router stopped sending to the canary.
            assertThat(versions(100)).containsOnlyKeys("0.9");
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
            assertThat(finished.get("reason").asText()).isEqualTo("CANCELED");
            traffic.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
        }
        assertThat(server.instances("hello")).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(1));
    }

    @Test
    void promoteFullSkipsTheRemainingStepsUnderLoadWithoutAFailedRequest() throws Exception {
        long id = applyCanary("1.0", "strategy: {type: canary, stepWeights: [20, 50, 80]}\n");
        awaitPaused(id);

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            assertThat(control(id, "promote?full=true").status()).isEqualTo(200);
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
            traffic.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
        }
        assertThat(versions(30)).containsOnlyKeys("1.0");
    }

    @Test
    void aTimedPauseGoesOnByItselfAndAnOperatorPauseHoldsUntilResumed() {
        long id = applyCanary("1.0", """
                strategy:
                  type: canary
                  steps: [{setWeight: 30}, {pause: {duration: 1s}}, {setWeight: 60}, {pause: {}}]
                """);

        JsonNode paused = awaitPaused(id);
        await().atMost(Duration.ofSeconds(60)).until(() -> server.deployment(id).at("/canary/weight").asInt() == 60
                && "PAUSED".equals(server.deployment(id).get("reason").asText()));

        assertThat(control(id, "pause").status()).isEqualTo(200);
        assertThat(server.deployment(id).at("/canary/held").asBoolean()).isTrue();
        Response held = control(id, "continue");
        assertThat(held.status()).isEqualTo(409);
        assertThat(held.json().get("message").asText()).contains("resume");
        assertThat(control(id, "resume").status()).isEqualTo(200);
        assertThat(control(id, "continue").status()).isEqualTo(200);
        assertThat(server.awaitFinalized(id, Duration.ofSeconds(90)).get("reason").asText()).isEqualTo("DEPLOYED");
        assertThat(paused.get("message").asText()).contains("paused");
    }

    @Test
    void refusesControlsThatDoNotApplyAndManifestsThatMakeNoSense() {
        long rolling = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 3, "0.95", "")));
        server.awaitFinalized(rolling, Duration.ofSeconds(60));

        Response done = control(rolling, "continue");
        assertThat(done.status()).isEqualTo(409);
        assertThat(done.json().get("message").asText()).contains("nothing to continue");
        assertThat(control(rolling, "promote?full=true").status()).isEqualTo(409);
        assertThat(control(999, "continue").status()).isEqualTo(404);

        for (String[] bad : new String[][] {
                {"strategy: {type: canary, stepWeights: [20, 120]}", "strategy.stepWeights[1]"},
                {"strategy: {type: canary, stepWeights: [50, 20]}", "strategy.stepWeights[1]"},
                {"strategy: {type: canary, steps: [{setWeight: 20}, {jump: 3}]}", "strategy.steps[1].jump"},
                {"strategy: {type: canary, steps: [{setWeight: 20, pause: {}}]}", "strategy.steps[0]"},
                {"strategy: {type: canary, steps: [{pause: {duration: soon}}]}", "strategy.steps[0].pause.duration"},
                {"strategy: {type: canary}", "strategy.steps"},
                {"strategy: {type: canary, steps: [{analysis: {count: 2, failureLimit: 2}}]}", "strategy.steps[0].analysis.failureLimit"},
                {"strategy: {type: canary, stepWeights: [20], analysis: {minSamples: 0}}", "strategy.analysis.minSamples"},
                {"strategy: {type: canary, stepWeights: [20], mirror: {percent: 150}}", "strategy.mirror.percent"},
                {"strategy: {analysis: {interval: 5s}}", "strategy.analysis"},
                {"strategy: {stepWeights: [20]}", "strategy.stepWeights"}}) {
            Response refused = server.apply(RunningServer.simpleservice("hello", 3, "2.0", bad[0] + "\n"));
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            assertThat(refused.body()).as(bad[0]).contains(bad[1]);
        }
        assertThat(server.get("/v1/apps/hello").json().get("revision").asInt()).as("nothing changed").isEqualTo(2);
    }
}
