package io.cutover.sandbox;

import io.cutover.controller.kubernetes.ReplicaSetPods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test cluster's ReplicaSet controller does what Kubernetes' does for the parts Cutover relies on. */
class SandboxReplicaSetsTest {

    private SandboxCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = SandboxCluster.start();
        client = cluster.client();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static ReplicaSet replicaSet(String name, int replicas) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withLabels(Map.of("cutover.io/app", "hello")).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("cutover.io/app", "hello", "cutover.io/revision", name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("cutover.io/app", "hello", "cutover.io/revision", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("hello:1").endContainer().endSpec()
                .endTemplate()
                .endSpec().build();
    }

    private List<Pod> podsOf(String replicaSet) {
        return client.pods().withLabel("cutover.io/revision", replicaSet).list().getItems();
    }

    @Test
    void keepsAReplicaSetsPodsAtItsReplicasEachOwnedByIt() {
        ReplicaSet created = client.apps().replicaSets().resource(replicaSet("hello-1", 3)).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("hello-1").size() == 3);
        assertThat(podsOf("hello-1")).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).startsWith("hello-1-");
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid()));
            assertThat(pod.getSpec().getContainers().getFirst().getImage()).isEqualTo("hello:1");
        });
        // it settles at three: no pod made twice for one replica
        client.apps().replicaSets().withName("hello-1").edit(rs -> {
            rs.getMetadata().getLabels().put("touched", "yes");
            return rs;
        });
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)).until(() -> podsOf("hello-1").size() == 3);
    }

    @Test
    void lowersReplicasByRemovingThePodWithTheLowestDeletionCost() {
        client.apps().replicaSets().resource(replicaSet("hello-1", 3)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("hello-1").size() == 3);
        String chosen = podsOf("hello-1").get(1).getMetadata().getName();
        client.pods().withName(chosen).edit(pod -> {
            pod.getMetadata().getAnnotations().put(ReplicaSetPods.DELETION_COST, "-100");
            return pod;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> "-100".equals(
                client.pods().withName(chosen).get().getMetadata().getAnnotations().get(ReplicaSetPods.DELETION_COST)));

        client.apps().replicaSets().withName("hello-1").scale(2);

        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("hello-1").size() == 2);
        assertThat(podsOf("hello-1")).extracting(pod -> pod.getMetadata().getName()).doesNotContain(chosen);
    }

    @Test
    void deletingAReplicaSetDeletesItsPods() {
        client.apps().replicaSets().resource(replicaSet("hello-1", 2)).create();
        client.apps().replicaSets().resource(replicaSet("hello-2", 1)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("hello-1").size() == 2 && podsOf("hello-2").size() == 1);

        client.apps().replicaSets().withName("hello-1").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> podsOf("hello-1").isEmpty());
        assertThat(podsOf("hello-2")).hasSize(1);
    }
}
