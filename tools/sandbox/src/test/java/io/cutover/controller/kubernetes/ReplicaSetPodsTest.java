package io.cutover.controller.kubernetes;

import io.cutover.controller.testing.RunningServer;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.sandbox.SandboxKubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.core.manifest.Manifests;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pods added and removed one at a time through their revision's ReplicaSet, on the fake cluster. */
class ReplicaSetPodsTest {

    @TempDir
    Path logs;
    private SandboxCluster cluster;
    private SandboxKubelet kubelet;
    private KubernetesClient client;
    private ReplicaSetPods pods;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.withKubelet(logs, RunningServer.SIMPLESERVICE);
        client = cluster.client();
        kubelet = cluster.kubelet();
        pods = new ReplicaSetPods(client, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        pods.close();
        cluster.close();
    }

    private ReplicaSet revision() {
        return pods.ensure(PodTemplates.replicaSet(
                Manifests.parse("name: hello\nrun: {image: \"simpleservice:2.0\"}\nkillGracePeriodSeconds: 5\n"), 2, "0123456789ab", PodTemplates.DEFAULT_IDENTITY_IMAGE));
    }

    private Pod ready(String name) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> client.pods().withName(name).get(), ReplicaSetPods::ready);
    }

    @Test
    void eachAddedPodIsClaimedForItsInstanceAndRunsOnItsOwnAddress() {
        ReplicaSet rs = revision();
        assertThat(pods.ensure(rs).getMetadata().getUid()).as("ensuring again keeps it").isEqualTo(rs.getMetadata().getUid());

        List<Pod> added = new ArrayList<>();
        for (String instance : List.of("hello-2-a", "hello-2-b")) {
            added.add(pods.add(rs.getMetadata().getName(), instance));
        }

        assertThat(added).extracting(p -> ReplicaSetPods.annotation(p, PodTemplates.INSTANCE_ANNOTATION))
                .containsExactly("hello-2-a", "hello-2-b");
        assertThat(added).extracting(p -> p.getMetadata().getName()).doesNotHaveDuplicates();
        List<String> ips = added.stream().map(p -> ready(p.getMetadata().getName()).getStatus().getPodIP()).toList();
        assertThat(ips).doesNotHaveDuplicates();
        assertThat(client.apps().replicaSets().withName(rs.getMetadata().getName()).get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void removingAPodRemovesExactlyThatPodAndStartsNoReplacement() {
        ReplicaSet rs = revision();
        List<String> names = new ArrayList<>();
        for (String instance : List.of("hello-2-a", "hello-2-b", "hello-2-c")) {
            names.add(pods.add(rs.getMetadata().getName(), instance).getMetadata().getName());
        }
        names.forEach(this::ready);
        String middle = names.get(1);
        long pid = kubelet.pid(middle);

        pods.remove(rs.getMetadata().getName(), middle, false);

        assertThat(client.pods().withName(middle).get()).isNull();
        assertThat(pods.pods(rs.getMetadata().getUid())).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(names.get(0), names.get(2));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> pods.pods(rs.getMetadata().getUid()).size() == 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(client.apps().replicaSets().withName(rs.getMetadata().getName()).get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aRevisionDeployedAgainWithAnotherHandoffGetsItInTheTemplateOfItsNextPods() {
        ReplicaSet first = revision();
        pods.add(first.getMetadata().getName(), "hello-2-a");
        ReplicaSet handedOff = PodTemplates.replicaSet(Manifests.parse(
                "name: hello\nrun: {image: \"simpleservice:2.0\", env: {CUTOVER_HANDOFF: \"42\"}}\nkillGracePeriodSeconds: 5\n"), 2,
                "0123456789ab", PodTemplates.DEFAULT_IDENTITY_IMAGE);

        ReplicaSet stored = pods.ensure(handedOff);

        assertThat(stored.getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());
        assertThat(stored.getSpec().getReplicas()).as("its pods stay").isEqualTo(1);
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("CUTOVER_HANDOFF=42"));
    }

    @Test
    void aPodRanksForScaleDownAsKubernetesDoesBeforeTheDeletionCost() {
        Pod unscheduled = pod(null, "Pending", false);
        Pod pending = pod("node-1", "Pending", false);
        Pod crashed = pod("node-1", "Running", false);
        Pod serving = pod("node-1", "Running", true);

        assertThat(List.of(serving, crashed, pending, unscheduled)).extracting(ReplicaSetPods::scaleDownRank)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();
        assertThat(ReplicaSetPods.scaleDownRank(pod("node-2", "Running", false))).as("crashed pods rank alike: the cost decides")
                .isEqualTo(ReplicaSetPods.scaleDownRank(crashed));
    }

    private static Pod pod(String node, String phase, boolean ready) {
        return new io.fabric8.kubernetes.api.model.PodBuilder().withNewSpec().withNodeName(node).endSpec().withNewStatus()
                .withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
                .build();
    }
}
