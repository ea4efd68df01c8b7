package io.cutover.controller.kubernetes;

import io.cutover.sandbox.SandboxCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.Traffic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server on the Kubernetes runtime, the fake cluster (the API server in CRUD mode, the test
 * ReplicaSet controller and kubelet, real processes as pods): an image app deployed as pods, routed to
 * their pod IPs by the embedded router, rolled to a new version under traffic without a failed request.
 */
class KubernetesDeploymentIT {

    @RegisterExtension
    static final ClusterPerClass kubernetes = new ClusterPerClass();

    @RegisterExtension
    final RunningServer server = RunningServer.perTest().onRuntime(kubernetes::runtime);

    private SandboxCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = kubernetes.cluster();
    }

    private static String manifest(String version) {
        return """
                name: hello
                instances: 2
                run: {image: "simpleservice:%s"}
                healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, gracePeriodSeconds: 10}
                killGracePeriodSeconds: 5
                drainTimeoutSeconds: 5
                backoffSeconds: 0.2
                strategy: {type: rolling, maxSurge: 1, maxUnavailable: 0}
                """.formatted(version);
    }

    @Test
    void anImageKubernetesCannotPullFailsTheDeploymentWithKubernetesReason() {
        long deployment = server.apply(manifest("1.0").replace("simpleservice:1.0", "registry.example/missing:1")).json()
                .get("deployment").asLong();

        await().atMost(Duration.ofSeconds(60)).until(() -> "FINALIZED".equals(
                server.get("/v1/deployments/" + deployment).json().get("status").asText()));
        JsonNode failed = server.get("/v1/deployments/" + deployment).json();
        assertThat(failed.get("reason").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asText()).contains("maxLaunchFailures 3").contains("ErrImagePull")
                .contains("registry.example/missing:1");
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.client().pods().list().getItems().isEmpty());
    }

    @Test
    void aRestartedServerFindsItsPodsAgainAndStartsNoneTwice() {
        server.apply(manifest("1.0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/v1/apps/hello").json().at("/instances/routable").asInt() == 2);
        List<String> before = cluster.client().pods().list().getItems().stream().map(p -> p.getMetadata().getUid()).sorted().toList();

        server.restart();

        await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/v1/apps/hello").json().at("/instances/routable").asInt() == 2);
        assertThat(server.get("/v1/events?app=hello").body()).contains("instance_adopted");
        assertThat(cluster.client().pods().list().getItems().stream().map(p -> p.getMetadata().getUid()).sorted().toList())
                .isEqualTo(before);
        assertThat(RunningServer.via(server.routerPort(), "hello.localhost", "/endpoint0").status()).isEqualTo(200);
    }

    private List<JsonNode> instances() {
        List<JsonNode> out = new ArrayList<>();
        server.get("/v1/apps/hello/instances").json().forEach(out::add);
        return out;
    }

    @Test
    void aSecretReachesThePodsProcessThroughTheRevisionsSecretAndNoPodSpecHoldsIt() throws Exception {
        server.apply(manifest("1.0").replace("run: {image: \"simpleservice:1.0\"}",
                "run: {image: \"simpleservice:1.0\", env: {MODE: plain, DB_PASSWORD: {secret: \"s3cr3t-db\"}}}"));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/v1/apps/hello").json().at("/instances/routable").asInt() == 2);

        for (var pod : cluster.client().pods().list().getItems()) {
            assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(pod)).doesNotContain("s3cr3t-db");
            long pid = cluster.kubelet().pid(pod.getMetadata().getName());
            String environ = Files.readString(Path.of("/proc/" + pid + "/environ")).replace('\0', '\n');
            assertThat(environ.lines()).contains("DB_PASSWORD=s3cr3t-db", "MODE=plain");
        }
        var rs = cluster.client().apps().replicaSets().list().getItems().getFirst();
        var secret = cluster.client().secrets().withName(rs.getMetadata().getName()).get();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(rs.getMetadata().getUid()));
        assertThat(server.get("/v1/apps/hello").body()).doesNotContain("s3cr3t-db");
    }

    @Test
    void anInstancesLogIsItsPodsAppContainerLog() {
        server.apply(manifest("1.0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/v1/apps/hello").json().at("/instances/routable").asInt() == 2);
        String instance = instances().getFirst().get("id").asText();

        String logs = server.get("/v1/apps/hello/logs?tail=20&instance=" + instance).body();

        assertThat(logs).contains(instance).contains("simpleservice version 1.0 listening on");
    }

    @Test
    void aPrunedRevisionsReplicaSetIsDeletedAndADeletedAppLeavesNone() {
        String limited = "revisionHistoryLimit: 1\n";
        for (String version : List.of("1.0", "2.0", "3.0")) {
            long deployment = RunningServer.deploymentOf(server.apply(manifest(version).replace("instances: 2", "instances: 1") + limited));
            assertThat(server.awaitFinalized(deployment, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
        }

        // applying 3.0 pruned revision 1 (2.0 still ran then); its ReplicaSet had no pods left
        await().atMost(Duration.ofSeconds(30)).until(() -> replicaSetImages().size() == 2);
        assertThat(replicaSetImages()).containsExactlyInAnyOrder("simpleservice:2.0", "simpleservice:3.0");
        assertThat(server.get("/v1/events").body()).contains("replicaset/hello-");

        assertThat(server.api("DELETE", "/v1/apps/hello", null, null).status()).isLessThan(300);

        await().atMost(Duration.ofSeconds(60)).until(() -> replicaSetImages().isEmpty());
        assertThat(cluster.client().pods().list().getItems()).isEmpty();
    }

    @Test
    void aReplicaSetOfAnAppThisStoreDoesNotKnowIsReportedAndLeftAlone() {
        cluster.client().apps().replicaSets().resource(PodTemplates.replicaSet(
                io.cutover.core.manifest.Manifests.parse("name: stranger\nrun: {image: \"simpleservice:1.0\"}\n"), 1, "feedfacecafe",
                PodTemplates.DEFAULT_IDENTITY_IMAGE)).create();

        server.restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> server.get("/v1/events").body()
                .contains("replicaset/stranger-feedfacecafe"));
        assertThat(cluster.client().apps().replicaSets().withName("stranger-feedfacecafe").get()).isNotNull();
        cluster.client().apps().replicaSets().withName("stranger-feedfacecafe").delete();
    }

    private List<String> replicaSetImages() {
        return cluster.client().apps().replicaSets().list().getItems().stream()
                .map(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).toList();
    }

    @Test
    void eachInstanceIsRoutedWithItsPodsUidWhichThePodsIdentityContainerAnswers() throws Exception {
        server.apply(manifest("1.0"));
        await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/v1/apps/hello").json().at("/instances/routable").asInt() == 2);

        Map<String, String> uidByIp = new HashMap<>();
        cluster.client().pods().list().getItems().forEach(pod -> uidByIp.put(pod.getStatus().getPodIP(), pod.getMetadata().getUid()));
        HttpClient http = HttpClient.newHttpClient();
        for (JsonNode instance : instances()) {
            String uid = uidByIp.get(instance.get("host").asText());
            assertThat(instance.at("/identity/uid").asText()).isEqualTo(uid);
            assertThat(instance.at("/identity/port").asInt()).isEqualTo(PodTemplates.IDENTITY_PORT);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + instance.get("host").asText() + ":" + PodTemplates.IDENTITY_PORT + "/uid")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo(uid);
        }
        String table = server.get("/v1/routing/table").body();
        assertThat(uidByIp.values()).allSatisfy(uid -> assertThat(table).contains("\"uid\":\"" + uid + "\""));
        for (int i = 0; i < 10; i++) {
            assertThat(RunningServer.via(server.routerPort(), "hello.localhost", "/endpoint0").status()).isEqualTo(200);
        }
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("cutover_router_identity_mismatches 0.0");
        assertThat(metrics).containsPattern("(?m)^cutover_engine_passes_total [1-9]")
                .containsPattern("(?m)^cutover_engine_pass_seconds_total [0-9.E-]+$").contains("cutover_engine_pass_longest_seconds");
    }

    @Test
    void anImageAppRunsAsPodsRoutedToTheirAddressesAndRollsToANewVersionWithoutAFailedRequest() {
        assertThat(server.apply(manifest("1.0")).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/v1/apps/hello").json().at("/instances/routable").asInt() == 2);
        assertThat(instances()).extracting(i -> i.get("host").asText()).doesNotHaveDuplicates().allMatch(h -> h.startsWith("127.0.0."));
        assertThat(instances()).allSatisfy(i -> assertThat(i.get("port").asInt()).isEqualTo(8080));
        await().atMost(Duration.ofSeconds(30)).until(() -> RunningServer.via(server.routerPort(), "hello.localhost", "/endpoint0")
                .body().contains("\"version\": \"1.0\""));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            long deployment = server.apply(manifest("2.0")).json().get("deployment").asLong();
            await().atMost(Duration.ofSeconds(120)).until(() -> "FINALIZED".equals(
                    server.get("/v1/deployments/" + deployment).json().get("status").asText()));
            assertThat(server.get("/v1/deployments/" + deployment).json().get("reason").asText()).isEqualTo("DEPLOYED");
            traffic.close();
            assertThat(traffic.failed()).as("failed requests: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsKeys("1.0", "2.0");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.client().pods().list().getItems().size() == 2);
        assertThat(cluster.client().pods().list().getItems())
                .allSatisfy(pod -> assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("simpleservice:2.0"));
        assertThat(cluster.client().apps().replicaSets().list().getItems())
                .extracting(rs -> rs.getSpec().getReplicas()).containsExactlyInAnyOrder(0, 2);
    }
}
