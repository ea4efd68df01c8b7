package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import io.cutover.controller.testing.Traffic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Blue-green deployments through the real router: preview, promote, rollback in the window, checks, hand-off. */
class BlueGreenIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private static String blueGreen(String extra) {
        return "strategy: {type: blueGreen, scaleDownDelaySeconds: 60" + extra + "}\n";
    }

    private JsonNode awaitPaused(long id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> "PAUSED".equals(server.deployment(id).get("reason").asText()));
        return server.deployment(id);
    }

    private String version(String host, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.routerPort() + path))
                .header("Host", host);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return io.cutover.core.manifest.Manifests.json().readTree(answer.body()).get("version").asText();
    }

    private Set<String> versions(int requests) throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests; i++) {
            seen.add(version("hello.localhost", "/endpoint0"));
        }
        return seen;
    }

    private Response control(long id, String what) {
        return server.api("POST", "/v1/deployments/" + id + "/" + what, null, null);
    }

    @Test
    void greenIsReachableOnlyByPreviewUntilPromoteAndTheNextRequestAfterPromoteGetsGreen() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", blueGreen("")));
        long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0",
                blueGreen(", prePromotionChecks: [{path: /endpoint0, bodyContains: \"2.0\"}]"))));

        JsonNode waiting = awaitPaused(id);
        assertThat(waiting.at("/blueGreen/phase").asText()).isEqualTo("DUAL_RUNNING");
        assertThat(waiting.at("/blueGreen/checksPassed").asBoolean()).isTrue();
        assertThat(waiting.at("/blueGreen/analysis/0/stage").asText()).isEqualTo("prePromotionChecks");
        assertThat(waiting.at("/instances")).extracting(r -> r.get("colour").asText()).containsExactly("blue", "green");
        assertThat(version("hello--preview.localhost", "/endpoint0")).isEqualTo("2.0");
        assertThat(version("hello.localhost", "/endpoint0", "X-Cutover-Preview", "true")).isEqualTo("2.0");
        assertThat(versions(100)).as("users see blue only").containsExactly("1.0");

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            Response promoted = control(id, "promote");
            assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
            assertThat(promoted.json().at("/blueGreen/switchedAt").isTextual()).as("promote answers after the switch").isTrue();
            assertThat(versions(200)).as("every request right after promote returned").containsExactly("2.0");
            JsonNode teardown = server.deployment(id);
            assertThat(teardown.at("/blueGreen/phase").asText()).isEqualTo("TEARDOWN");
            assertThat(teardown.at("/blueGreen/serving").asText()).isEqualTo("green");
            assertThat(server.viaRouter("hello--preview.localhost", "/endpoint0").status()).as("no preview after the switch")
                    .isEqualTo(404);
            traffic.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
        }
        assertThat(server.get("/v1/events?app=hello").body()).contains("deployment_switched").contains("deployment_phase");
    }

    @Test
    void cancelInsideTheWindowSwitchesBackToTheWarmBlueAtOnce() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", blueGreen("")));
        List<Long> bluePids = server.instances("hello").stream().map(i -> i.get("pid").asLong()).toList();
        long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0", blueGreen(""))));
        awaitPaused(id);

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            assertThat(control(id, "promote").status()).isEqualTo(200);
            assertThat(versions(20)).containsExactly("2.0");
            Response back = control(id, "cancel");
            assertThat(back.status()).isEqualTo(200);
            assertThat(versions(200)).as("right after cancel returned: the warm blue").containsExactly("1.0");
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
            assertThat(finished.get("reason").asText()).isEqualTo("CANCELED");
            traffic.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
        }
        assertThat(server.instances("hello")).extracting(i -> i.get("pid").asLong()).as("the same blue instances serve")
                .containsExactlyInAnyOrderElementsOf(bluePids);
    }

    @Test
    void aFailingPrePromotionCheckTearsGreenDownAndLeavesBlueUntouched() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", blueGreen("")));
        List<Long> bluePids = server.instances("hello").stream().map(i -> i.get("pid").asLong()).toList();

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0",
                    blueGreen(", prePromotionChecks: [{path: /endpoint0, bodyContains: \"3.0\"}]"))));
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
            assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
            assertThat(finished.get("failure").asText()).contains("pre-promotion check failed: GET /endpoint0")
                    .contains("without \"3.0\"");
            traffic.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsOnlyKeys("1.0");
        }
        assertThat(server.instances("hello")).extracting(i -> i.get("pid").asLong()).containsExactlyInAnyOrderElementsOf(bluePids);
        assertThat(server.get("/v1/apps/hello").json().get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aFailingPostPromotionAnalysisSwitchesBackToTheWarmBlue() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            String failing = RunningServer.simpleservice("hello", 2, "2.0",
                    "strategy: {type: blueGreen, autoPromotionSeconds: 1, scaleDownDelaySeconds: 60,"
                            + " postPromotionAnalysis: {interval: 2s, minSamples: 30}}\n")
                    .replace("QUIET: \"true\"", "QUIET: \"true\", FAIL_RATE: \"0.2\"");
            long id = RunningServer.deploymentOf(server.apply(failing));
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
            assertThat(finished.get("failure").asText()).contains("post-promotion analysis failed, switched back to revision 1")
                    .contains("error rate canary");
            assertThat(finished.at("/blueGreen/analysis/0/stage").asText()).isEqualTo("postPromotionAnalysis");
            assertThat(versions(50)).as("blue serves again").containsExactly("1.0");
        }
    }

    @Test
    void autoPromotionSwitchesByItselfAndBlueGoesAfterTheDelay() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0",
                "strategy: {type: blueGreen, autoPromotionSeconds: 1, scaleDownDelaySeconds: 1}\n")));

        JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));

        assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
        assertThat(finished.at("/blueGreen/switchedAt").isTextual()).isTrue();
        assertThat(server.instances("hello")).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(2));
    }

    private int counter(String host) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.routerPort() + "/counter"))
                .header("Host", host).build(), HttpResponse.BodyHandlers.ofString());
        return io.cutover.core.manifest.Manifests.json().readTree(answer.body()).get("counter").asInt();
    }

    private void count(int times) throws Exception {
        for (int i = 0; i < times; i++) {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.routerPort() + "/counter"))
                    .header("Host", "hello.localhost").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void theHandoffCarriesTheCountersStateToGreenAndAFailingHookLeavesBlueServingWithItsState() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        count(5);
        assertThat(counter("hello.localhost")).isEqualTo(5);

        String failing = RunningServer.simpleservice("hello", 1, "2.0", blueGreen(", autoPromotionSeconds: 0"))
                + "hooks: {handoff: {http: {path: /no-such-savepoint, method: POST}}}\n";
        long broken = RunningServer.deploymentOf(server.apply(failing));
        JsonNode failed = server.awaitFinalized(broken, Duration.ofSeconds(60));
        assertThat(failed.get("reason").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asText()).contains("hand-off hook failed").contains("404");
        assertThat(counter("hello.localhost")).as("blue kept serving, counter intact").isEqualTo(5);

        String handingOff = RunningServer.simpleservice("hello", 1, "2.1", blueGreen(", autoPromotionSeconds: 0"))
                + "hooks: {handoff: {http: {path: /counter/save, method: POST}}}\n";
        long id = RunningServer.deploymentOf(server.apply(handingOff));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.deployment(id).at("/blueGreen/switchedAt").isTextual());
        JsonNode switched = server.deployment(id);
        assertThat(switched.at("/blueGreen/handoff").asText()).isEqualTo("5");
        assertThat(version("hello.localhost", "/endpoint0")).isEqualTo("2.1");
        assertThat(counter("hello.localhost")).as("green restored the counter").isEqualTo(5);
        control(id, "cancel");
        server.awaitFinalized(id, Duration.ofSeconds(60));
    }

    @Test
    void refusesWhatDoesNotApply() {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        for (String[] bad : new String[][] {
                {"strategy: {type: blueGreen, scaleDownDelaySeconds: -1}", "strategy.scaleDownDelaySeconds"},
                {"strategy: {type: blueGreen, prePromotionChecks: [{path: health}]}", "strategy.prePromotionChecks[0].path"},
                {"strategy: {autoPromotionSeconds: 5}", "strategy.autoPromotionSeconds"},
                {"strategy: {type: blueGreen}\nhooks: {handoff: {}}", "hooks.handoff"},
                {"hooks: {handoff: {command: echo 1}}", "hooks.handoff: only for strategy blueGreen"}}) {
            Response refused = server.apply(RunningServer.simpleservice("hello", 1, "2.0", bad[0] + "\n"));
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            assertThat(refused.body()).as(bad[0]).contains(bad[1]);
        }
        long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 1, "2.0", blueGreen(""))));
        awaitPaused(id);
        assertThat(control(id, "pause").status()).isEqualTo(409);
        assertThat(control(id, "promote").status()).isEqualTo(200);
        Response again = control(id, "promote");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("already switched");
        control(id, "cancel");
        server.awaitFinalized(id, Duration.ofSeconds(60));
    }
}
