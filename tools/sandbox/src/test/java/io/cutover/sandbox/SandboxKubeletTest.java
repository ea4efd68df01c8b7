package io.cutover.sandbox;

import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.kubernetes.ReplicaSetPods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test kubelet runs pods as real processes on addresses of their own and reports them as a kubelet does. */
class SandboxKubeletTest {

    @TempDir
    Path logs;
    private SandboxCluster cluster;
    private SandboxKubelet kubelet;
    private KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @BeforeEach
    void start() {
        cluster = SandboxCluster.withKubelet(logs, RunningServer.SIMPLESERVICE);
        client = cluster.client();
        kubelet = cluster.kubelet();
    }

    @AfterEach
    void stop() {
        cluster.close();
        http.close();
    }

    private static Pod pod(String name, String image) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(5L)
                .addNewContainer().withName("app").withImage(image).addNewPort().withContainerPort(8080).endPort().endContainer()
                .endSpec().build();
    }

    private Pod current(String name) {
        return client.pods().withName(name).get();
    }

    private static boolean readyPod(Pod pod) {
        return pod != null && pod.getStatus() != null && ReplicaSetPods.ready(pod);
    }

    private String get(String ip, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void runsEachPodOnAnAddressOfItsOwnAndStopsItWhenThePodIsDeleted() throws Exception {
        client.pods().resource(pod("a", "simpleservice:1.0")).create();
        client.pods().resource(pod("b", "simpleservice:2.0")).create();

        await().atMost(Duration.ofSeconds(30)).until(() -> readyPod(current("a")) && readyPod(current("b")));
        String ipA = current("a").getStatus().getPodIP();
        String ipB = current("b").getStatus().getPodIP();
        assertThat(ipA).isNotEqualTo(ipB).startsWith("127.0.0.");
        assertThat(get(ipA, "/endpoint0")).contains("\"version\": \"1.0\"");
        assertThat(get(ipB, "/endpoint0")).contains("\"version\": \"2.0\"");
        long pid = kubelet.pid("a");

        client.pods().withName("a").delete();

        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        // the address is free again: the next pod may get it (pod IPs are reused)
        client.pods().resource(pod("c", "simpleservice:3.0")).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> readyPod(current("c")));
        assertThat(current("c").getStatus().getPodIP()).isEqualTo(ipA);
        assertThat(get(ipA, "/endpoint0")).contains("\"version\": \"3.0\"");
    }

    @Test
    void restartsAContainerThatExitsAndCountsItsRestarts() {
        client.pods().resource(pod("crashing", "crash:1")).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Pod pod = current("crashing");
            return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                    && pod.getStatus().getContainerStatuses().getFirst().getRestartCount() >= 2;
        });
        assertThat(readyPod(current("crashing"))).isFalse();
    }

    @Test
    void anImageThatCannotBePulledShowsErrImagePull() {
        client.pods().resource(pod("nowhere", "registry.example/missing:1")).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Pod pod = current("nowhere");
            return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null;
        });
        var waiting = current("nowhere").getStatus().getContainerStatuses().getFirst().getState().getWaiting();
        assertThat(waiting.getReason()).isEqualTo("ErrImagePull");
        assertThat(waiting.getMessage()).contains("registry.example/missing:1");
    }
}
