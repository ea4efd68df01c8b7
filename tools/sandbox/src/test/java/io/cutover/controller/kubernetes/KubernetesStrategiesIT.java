package io.cutover.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.Traffic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The strategies that pass on the local runtime, on pods of the fake cluster under load: canary with
 * analysis, blue-green with preview and hand-off, recreate, cancel; and the failures Kubernetes reports
 * (a crash loop, an unschedulable pod) failing the deployment with the reason while the old version
 * serves.
 */
class KubernetesStrategiesIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ClusterPerClass kubernetes = new ClusterPerClass();

    @RegisterExtension
    final RunningServer server = RunningServer.perTest().onRuntime(kubernetes::runtime);

    /** The example app as an image, {@code extra} appended (a strategy, hooks). */
    private static String app(int instances, String image, String env, String extra) {
        return """
                name: hello
                instances: %d
                run: {image: "%s", env: {%s}}
                healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, gracePeriodSeconds: 10}
                killGracePeriodSeconds: 5
                drainTimeoutSeconds: 5
                backoffSeconds: 0.2
                """.formatted(instances, image, env) + extra;
    }

    private static String app(int instances, String version, String extra) {
        return app(instances, "simpleservice:" + version, "", extra);
    }

    @Test
    void aCanaryWhoseAnalysisPassesGoesToFullUnderLoadWithoutAFailedRequest() {
        server.deploy(app(3, "0.9", ""));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 6)) {
            long id = server.applyDeployment(app(3, "1.0", """
                    strategy:
                      type: canary
                      steps: [{setWeight: 50}, {pause: {duration: 2s}}, {analysis: {interval: 4s, minSamples: 50, latencyTolerance: 300}}, {setWeight: 100}]
                    """));
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(120));
            traffic.close();
            assertThat(finished.get("reason").asText()).as(finished.toString()).isEqualTo("DEPLOYED");
            assertThat(finished.at("/canary/analysis/0/verdict").asText()).isEqualTo("PASS");
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsKeys("0.9", "1.0");
        }
        server.awaitRoutable("hello", 3);
    }

    @Test
    void blueGreenShowsGreenOnlyByPreviewHandsTheCounterOverAndSwitchesUnderLoad() throws Exception {
        String blueGreen = "strategy: {type: blueGreen, scaleDownDelaySeconds: 2}\n";
        server.deploy(app(1, "1.0", blueGreen));
        for (int i = 0; i < 5; i++) {
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.routerPort() + "/counter"))
                    .header("Host", "hello.localhost").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }

        long id = server.applyDeployment(app(1, "2.0", blueGreen + "hooks: {handoff: {http: {path: /counter/save, method: POST}}}\n"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "PAUSED".equals(server.deployment(id).get("reason").asText()));
        assertThat(server.deployment(id).at("/blueGreen/phase").asText()).isEqualTo("DUAL_RUNNING");
        assertThat(server.deployment(id).at("/blueGreen/handoff").asText()).isEqualTo("5");
        assertThat(server.viaRouter("hello--preview.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("2.0");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("1.0");

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().containsKey("1.0"));
            assertThat(server.api("POST", "/v1/deployments/" + id + "/promote", null, null).status()).isEqualTo(200);
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
            traffic.close();
            assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsKeys("1.0", "2.0");
        }
        assertThat(server.viaRouter("hello.localhost", "/counter").json().get("counter").asInt()).as("green started from blue's count")
                .isEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> kubernetes.cluster().client().pods().list().getItems().size() == 1);
    }

    @Test
    void recreateAnswersWithMaintenanceInItsGapNeverWithA502() {
        server.deploy(app(2, "1.0", "strategy: {type: recreate}\n"));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().containsKey("1.0"));
            long id = server.applyDeployment(app(2, "2.0", "strategy: {type: recreate}\n"));
            assertThat(server.awaitFinalized(id, Duration.ofSeconds(90)).get("reason").asText()).isEqualTo("DEPLOYED");
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().containsKey("2.0"));
            traffic.close();
            assertThat(traffic.failed()).as("failed requests (not maintenance answers): %s", traffic.failures()).isZero();
            assertThat(traffic.maintenance()).as("the gap was answered with maintenance").isPositive();
        }
    }

    @Test
    void cancelingARollingUpdateRollsBackWithoutAFailedRequest() {
        server.deploy(app(3, "1.0", ""));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            long id = server.applyDeployment(app(3, "2.0", "strategy: {maxSurge: 1, maxUnavailable: 0}\n"));
            await().atMost(Duration.ofSeconds(60)).until(() -> server.deployment(id).get("step").asInt() >= 1);
            assertThat(server.api("POST", "/v1/deployments/" + id + "/cancel", null, null).status()).isEqualTo(200);
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            traffic.close();
            assertThat(finished.get("reason").asText()).isEqualTo("CANCELED");
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
        }
        server.awaitRoutable("hello", 3);
        assertThat(server.instances("hello")).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> kubernetes.cluster().client().pods().list().getItems().size() == 3);
    }

    @Test
    void aCrashLoopingImageFailsEarlyAndTheOldPodsKeepServing() {
        server.deploy(app(2, "1.0", ""));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 2)) {
            long id = server.applyDeployment(app(2, "crash:2.0", "", "strategy: {maxLaunchFailures: 2}\n"));
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
            traffic.close();
            assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
            assertThat(finished.get("failure").asText()).contains("maxLaunchFailures 2");
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsOnlyKeys("1.0");
        }
        server.awaitRoutable("hello", 2);
        assertThat(server.get("/v1/apps/hello").json().get("revision").asInt()).isEqualTo(1);
    }

    @Test
    void aPodNoNodeCanTakeFailsTheDeploymentWithTheSchedulersMessage() {
        server.deploy(app(1, "1.0", ""));

        long id = server.applyDeployment(app(1, "2.0", "kubernetes: {nodeSelector: {disktype: ssd}}\n"));

        JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
        assertThat(finished.get("reason").asText()).isEqualTo("FAILED");
        assertThat(finished.get("failure").asText()).contains("Unschedulable").contains("didn't match Pod's node affinity/selector");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("1.0");
    }
}
