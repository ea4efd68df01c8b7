package io.cutover.controller.kubernetes;

import io.cutover.controller.testing.RunningServer;
import io.cutover.sandbox.SandboxCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.runtime.InstanceRuntime.Launch;
import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.Revision;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instances as pods of their revision's ReplicaSet, on the fake cluster with real processes. */
class KubernetesRuntimeTest {

    @TempDir
    Path logs;
    private SandboxCluster cluster;
    private KubernetesClient client;
    private KubernetesRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @BeforeEach
    void start() {
        cluster = SandboxCluster.withKubelet(logs, RunningServer.SIMPLESERVICE);
        client = cluster.client();
        runtime = new KubernetesRuntime(client, Duration.ofSeconds(30), PodTemplates.DEFAULT_IDENTITY_IMAGE);
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        cluster.close();
        http.close();
    }

    private static Launch launch(String instance, String image, int revision) {
        AppSpec spec = Manifests.parse("name: hello\nrun: {image: \"" + image + "\"}\nkillGracePeriodSeconds: 5\n");
        Revision r = new Revision("hello", revision, String.format("%012d", revision), spec, Instant.now());
        return new Launch(instance, r, spec.run(), Duration.ofSeconds(5));
    }

    private String version(Launched launched) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://" + launched.host() + ":" + launched.port() + "/endpoint0")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Manifests.json().readTree(body).get("version").asText();
    }

    private int replicas(int revision) {
        return client.apps().replicaSets().withName("hello-" + String.format("%012d", revision)).get().getSpec().getReplicas();
    }

    @Test
    void anInstanceIsAPodOfItsRevisionsReplicaSetReachedAtThePodsAddress() throws Exception {
        Launched a = runtime.launch(launch("hello-1-a", "simpleservice:1.0", 1));
        Launched b = runtime.launch(launch("hello-1-b", "simpleservice:1.0", 1));

        assertThat(a.host()).isNotEqualTo(b.host()).startsWith("127.0.0.");
        assertThat(a.port()).isEqualTo(8080);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> version(a).equals("1.0") && version(b).equals("1.0"));
        assertThat(replicas(1)).isEqualTo(2);

        runtime.terminate(a);

        assertThat(a.exit().get(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(replicas(1)).isEqualTo(1);
        assertThat(client.pods().list().getItems()).singleElement()
                .satisfies(pod -> assertThat(pod.getMetadata().getAnnotations()).containsEntry("cutover.io/instance", "hello-1-b"));
        assertThat(version(b)).isEqualTo("1.0");
        assertThat(b.exit()).isNotDone();
    }

    @Test
    void aContainerThatExitsEndsItsInstanceAndLeavesTheReplicaSet() throws Exception {
        AppSpec spec = Manifests.parse("name: hello\nrun: {image: \"simpleservice:1.0\", env: {CRASH_AFTER_MS: \"1500\"}}\n"
                + "killGracePeriodSeconds: 5\n");
        Launched crashing = runtime.launch(new Launch("hello-1-c", new Revision("hello", 1, String.format("%012d", 1), spec, Instant.now()),
                spec.run(), Duration.ofSeconds(5)));

        assertThat(crashing.exit().get(30, TimeUnit.SECONDS)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().list().getItems().isEmpty());
        assertThat(replicas(1)).isZero();
    }

    @Test
    void aContainerThatExitsAtOnceEndsItsInstanceWithItsCodeWhetherOrNotItsLaunchSawItRun() throws Exception {
        int code;
        try {
            code = runtime.launch(launch("hello-1-e", "crash:1", 1)).exit().get(30, TimeUnit.SECONDS);
        } catch (KubernetesRuntime.LaunchFailedException failed) {
            assertThat(failed).hasMessageContaining("container app exited with code 3 before it ran");
            code = 3;
        }

        assertThat(code).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().list().getItems().isEmpty());
        assertThat(replicas(1)).isZero();
    }

    @Test
    void anImageThatCannotBePulledFailsTheLaunchWithKubernetesReason() {
        assertThatThrownBy(() -> runtime.launch(launch("hello-1-d", "registry.example/missing:1", 1)))
                .isInstanceOf(KubernetesRuntime.LaunchFailedException.class)
                .hasMessageContaining("ErrImagePull").hasMessageContaining("registry.example/missing:1");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().list().getItems().isEmpty());
        assertThat(replicas(1)).isZero();
    }

    @Test
    void aNewControllerFindsItsInstancesByTheirIdAndStopsThePodsOfUnknownOnes() throws Exception {
        Launched kept = runtime.launch(launch("hello-2-a", "simpleservice:2.0", 2));
        runtime.launch(launch("hello-2-b", "simpleservice:2.0", 2));
        runtime.close(); // as the controller stops: its pods keep running
        runtime = null;

        try (KubernetesRuntime next = new KubernetesRuntime(client, Duration.ofSeconds(30), PodTemplates.DEFAULT_IDENTITY_IMAGE)) {
            Launched found = await().atMost(Duration.ofSeconds(10)).until(() -> next.find("hello-2-a", Duration.ofSeconds(5)),
                    l -> l != null);
            assertThat(found.host()).isEqualTo(kept.host());

            assertThat(next.stopOrphans(Set.of("hello-2-a")::contains, Duration.ofSeconds(5)))
                    .extracting(o -> o.instanceId()).containsExactly("hello-2-b");
            assertThat(client.pods().list().getItems()).extracting(p -> p.getMetadata().getAnnotations().get("cutover.io/instance"))
                    .containsExactly("hello-2-a");
            assertThat(replicas(2)).isEqualTo(1);
        }
    }
}
