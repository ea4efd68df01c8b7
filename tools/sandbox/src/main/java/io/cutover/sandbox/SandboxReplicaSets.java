package io.cutover.sandbox;

import io.cutover.controller.kubernetes.ReplicaSetPods;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The part of kube-controller-manager the tests need, written for the tests: keeps each ReplicaSet's pods
 * at its {@code replicas} (new pods from its template, named {@code <replicaset>-<suffix>}, owned by it),
 * removes excess pods as Kubernetes does for the first criterion Cutover relies on (lowest
 * {@code controller.kubernetes.io/pod-deletion-cost} first, then the newest), and deletes the pods whose
 * owning ReplicaSet is gone (the garbage collector following owner references). One reconcile at a time,
 * on its own thread, after every change to a ReplicaSet or a pod.
 */
final class SandboxReplicaSets implements AutoCloseable {

    private final KubernetesClient client;
    private final ExecutorService reconciler = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("fake-replicaset-controller").factory());
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;
    private io.fabric8.kubernetes.client.informers.ResourceEventHandler<Pod> podHandler;
    /** Pods created, by owner uid, that the informer has not shown yet (so a reconcile never creates them twice). */
    private final Map<String, Set<String>> creating = new HashMap<>();
    /** Pods deleted that the informer still shows. */
    private final Set<String> deleting = new HashSet<>();

    private SandboxReplicaSets(KubernetesClient client) {
        this.client = client;
    }

    /** @param pods the cluster's informer of every pod, shared by its controllers */
    static SandboxReplicaSets start(KubernetesClient client, SharedIndexInformer<Pod> pods) {
        SandboxReplicaSets controller = new SandboxReplicaSets(client);
        controller.replicaSets = client.apps().replicaSets().inform(Controllers.onAnyChange(controller::schedule));
        controller.pods = pods;
        controller.podHandler = Controllers.onAnyChange(controller::schedule);
        pods.addEventHandler(controller.podHandler);
        return controller;
    }

    private void schedule() {
        if (!reconciler.isShutdown()) {
            reconciler.execute(this::reconcile);
        }
    }

    private void reconcile() {
        List<ReplicaSet> sets = replicaSets.getStore().list();
        List<Pod> all = pods.getStore().list();
        Set<String> shown = all.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        creating.values().forEach(names -> names.removeIf(shown::contains));
        deleting.retainAll(shown);
        Set<String> live = sets.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
        creating.keySet().retainAll(live);
        Map<String, List<Pod>> owned = all.stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null && !deleting.contains(pod.getMetadata().getName()))
                .collect(Collectors.groupingBy(ReplicaSetPods::ownerUid));
        owned.forEach((owner, orphans) -> {
            if (!owner.isEmpty() && !live.contains(owner)) {
                orphans.forEach(this::delete);
            }
        });
        for (ReplicaSet rs : sets) {
            String uid = rs.getMetadata().getUid();
            List<Pod> current = owned.getOrDefault(uid, List.of());
            Set<String> pending = creating.computeIfAbsent(uid, u -> new HashSet<>());
            int wanted = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
            for (int i = current.size() + pending.size(); i < wanted; i++) {
                Pod pod = podOf(rs);
                pending.add(pod.getMetadata().getName());
                client.pods().resource(pod).create();
            }
            current.stream()
                    .sorted(Comparator.comparingInt(SandboxReplicaSets::deletionCost)
                            .thenComparing((Pod pod) -> pod.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()))
                    .limit(Math.max(0, current.size() + pending.size() - wanted))
                    .forEach(this::delete);
        }
    }

    private void delete(Pod pod) {
        deleting.add(pod.getMetadata().getName());
        client.pods().withName(pod.getMetadata().getName()).delete();
    }

    private Pod podOf(ReplicaSet rs) {
        ObjectMeta template = rs.getSpec().getTemplate().getMetadata();
        OwnerReference owner = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true).build();
        return new PodBuilder()
                .withNewMetadata()
                .withName(rs.getMetadata().getName() + "-" + Controllers.suffix())
                .withLabels(template == null ? Map.of() : template.getLabels())
                .withAnnotations(template == null ? Map.of() : template.getAnnotations())
                .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(rs.getSpec().getTemplate().getSpec())
                .build();
    }

    private static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String cost = annotations == null ? null : annotations.get(ReplicaSetPods.DELETION_COST);
        try {
            return cost == null ? 0 : Integer.parseInt(cost);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        replicaSets.close();
        pods.removeEventHandler(podHandler);
        reconciler.shutdownNow();
    }
}
