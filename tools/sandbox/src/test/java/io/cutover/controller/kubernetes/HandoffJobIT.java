package io.cutover.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A blue-green hand-off hook's command on Kubernetes: it runs as a Job made from blue's pod template (its
 * image, environment and Secret), its log is the hand-off green starts with, and the Job and its pod are
 * gone afterwards, whether the command succeeded, failed or ran over its timeout.
 */
class HandoffJobIT {

    @RegisterExtension
    static final ClusterPerClass kubernetes = new ClusterPerClass();

    @TempDir
    Path dir;

    @RegisterExtension
    final RunningServer server = RunningServer.perTest().onRuntime(kubernetes::runtime);

    /** Every Job and every hook pod the cluster saw, as they were created. */
    private final List<Job> jobsSeen = new CopyOnWriteArrayList<>();
    private final List<Pod> hookPodsSeen = new CopyOnWriteArrayList<>();
    private Watch jobWatch;
    private Watch podWatch;

    @BeforeEach
    void watchJobs() {
        jobWatch = kubernetes.cluster().client().batch().v1().jobs().watch(new Recorder<>(jobsSeen));
        podWatch = kubernetes.cluster().client().pods().withLabel(HookJobs.HOOK_JOB_LABEL).watch(new Recorder<>(hookPodsSeen));
    }

    @AfterEach
    void stopWatching() {
        jobWatch.close();
        podWatch.close();
    }

    private static String app(String version, String token, String extra) {
        return """
                name: hello
                instances: 2
                run: {image: "simpleservice:%s", env: {TOKEN: {secret: "%s"}}}
                healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, gracePeriodSeconds: 10}
                killGracePeriodSeconds: 5
                drainTimeoutSeconds: 5
                strategy: {type: blueGreen, scaleDownDelaySeconds: 0}
                """.formatted(version, token) + extra;
    }

    @Test
    void theCommandRunsAsAJobOfBluesPodTemplateAndItsLogIsTheHandoff() throws Exception {
        server.deploy(app("1.0", "blue-secret", ""));
        List<String> blueAddresses = server.instances("hello").stream().map(i -> i.get("host").asText() + ":" + i.get("port").asInt())
                .toList();

        // SIMPLE_SERVICE_VERSION is set by blue's image alone (the controller's process has none); the sandbox's
        // pods are processes of this machine, so the hook's pod can leave what it saw in a file of the test's
        Path seen = dir.resolve("hook-saw");
        long id = server.applyDeployment(app("2.0", "green-secret", "hooks: {handoff: {command: 'echo \"$SIMPLE_SERVICE_VERSION $CUTOVER_APP/"
                + "$CUTOVER_REVISION $TOKEN $CUTOVER_INSTANCES\" > " + seen + "; echo 7'}}\n"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode now = server.deployment(id);
            assertThat(now.get("reason").asText()).as("%s", now).isEqualTo("PAUSED");
        });

        assertThat(server.deployment(id).at("/blueGreen/handoff").asText()).isEqualTo("7");
        String[] env = Files.readString(seen).strip().split(" ");
        assertThat(List.of(env).subList(0, 3)).containsExactly("1.0", "hello/1", "blue-secret");
        assertThat(env[3].split(",")).containsExactlyInAnyOrderElementsOf(blueAddresses);
        await().atMost(Duration.ofSeconds(10)).until(() -> !jobsSeen.isEmpty() && !hookPodsSeen.isEmpty());
        assertThat(jobsSeen).hasSize(1);
        Job job = jobsSeen.getFirst();
        var owner = job.getMetadata().getOwnerReferences().getFirst();
        assertThat(owner.getKind()).isEqualTo("ReplicaSet");
        assertThat(kubernetes.cluster().client().apps().replicaSets().withName(owner.getName()).get().getMetadata().getLabels())
                .as("blue's ReplicaSet").containsEntry(PodTemplates.REVISION_LABEL, "1");
        var podSpec = job.getSpec().getTemplate().getSpec();
        assertThat(podSpec.getContainers()).singleElement().satisfies(container -> {
            assertThat(container.getImage()).isEqualTo("simpleservice:1.0");
            assertThat(container.getEnv()).anySatisfy(var -> {
                assertThat(var.getName()).isEqualTo("TOKEN");
                assertThat(var.getValue()).as("a secret goes by reference").isNull();
                assertThat(var.getValueFrom().getSecretKeyRef().getName()).isEqualTo(owner.getName());
            });
        });
        assertThat(podSpec.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKeys(PodTemplates.APP_LABEL, PodTemplates.HASH_LABEL);
        assertThat(hookPodsSeen).hasSize(1);
        awaitNoHookLeft();

        assertThat(server.api("POST", "/v1/deployments/" + id + "/promote", null, null).status()).isEqualTo(200);
        assertThat(server.awaitFinalized(id, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
        assertThat(server.viaRouter("hello.localhost", "/counter").json().get("counter").asInt()).as("green started from the hand-off")
                .isEqualTo(7);
    }

    @Test
    void aCommandThatFailsFailsTheDeploymentWithItsExitCodeAndLogAndBlueKeepsServing() {
        server.deploy(app("1.0", "s", ""));

        long id = server.applyDeployment(app("2.0", "s", "hooks: {handoff: {command: 'echo half of it; exit 3'}}\n"));

        JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
        assertThat(finished.get("reason").asText()).isNotEqualTo("DEPLOYED");
        assertThat(finished.get("failure").asText()).contains("hand-off hook failed").contains("exited with 3").contains("half of it");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("1.0");
        awaitNoHookLeft();
    }

    @Test
    void aCommandRunningOverItsTimeoutIsStoppedAndItsJobRemoved() {
        server.deploy(app("1.0", "s", ""));

        long id = server.applyDeployment(app("2.0", "s", "hooks: {handoff: {command: 'echo waiting; exec sleep 300', timeoutSeconds: 2}}\n"));

        JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(60));
        assertThat(finished.get("failure").asText()).contains("timed out after 2s").contains("waiting");
        awaitNoHookLeft();
        String hookPod = hookPodsSeen.getFirst().getMetadata().getName();
        await().atMost(Duration.ofSeconds(30)).until(() -> kubernetes.cluster().kubelet().pid(hookPod) == null);
    }

    private void awaitNoHookLeft() {
        await("the hook's Job and pod are deleted").atMost(Duration.ofSeconds(30)).until(() ->
                kubernetes.cluster().client().batch().v1().jobs().list().getItems().isEmpty()
                        && kubernetes.cluster().client().pods().withLabel(HookJobs.HOOK_JOB_LABEL).list().getItems().isEmpty());
    }

    /** Keeps what was added. */
    private record Recorder<T>(List<T> added) implements Watcher<T> {
        @Override
        public void eventReceived(Action action, T resource) {
            if (action == Action.ADDED) {
                added.add(resource);
            }
        }

        @Override
        public void onClose(WatcherException cause) {}
    }
}
