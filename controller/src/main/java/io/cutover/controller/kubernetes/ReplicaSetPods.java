package io.cutover.controller.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Pods one at a time through their revision's ReplicaSet, as the engine starts and stops instances.
 *
 * <p>Adding: the ReplicaSet's {@code replicas} goes up by one (a compare-and-set on its resourceVersion),
 * and the pod Kubernetes makes for it is claimed for the instance ({@code cutover.io/instance}).
 *
 * <p>Removing exactly one pod: the pod gets the lowest {@code controller.kubernetes.io/pod-deletion-cost},
 * then {@code replicas} goes down by one, so the ReplicaSet controller deletes that pod and starts no
 * replacement (deleting the pod first would leave the ReplicaSet one pod short, and it would start another
 * before {@code replicas} went down). Kubernetes ranks unscheduled, pending and not-ready pods before the
 * deletion cost, so the two steps run only while no other pod of the ReplicaSet ranks before the one to
 * remove ({@link #scaleDownRank}): one change per ReplicaSet at a time, and a removal waits until the
 * ReplicaSet's other pods are at least as far up as that one (a crashed pod goes at once among other
 * crashed ones; a ready one waits for a starting one to be ready).
 */
public final class ReplicaSetPods implements AutoCloseable {

    /** The annotation that ranks a ReplicaSet's pods for scale-down (lower goes first). */
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    /** The lowest cost Kubernetes takes (an int32). */
    static final String FIRST_TO_GO = Integer.toString(Integer.MIN_VALUE);

    private final KubernetesClient client;
    private final Duration timeout;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Pods claimed for an instance, whether or not the informer shows the annotation yet. */
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    /** Notified on every change to a pod. */
    private final Object changed = new Object();
    private final SharedIndexInformer<Pod> podInformer;
    private static final String BY_OWNER = "owner";
    private static final String BY_NAME = "name";

    /**
     * Starts watching the namespace's pods.
     *
     * @param client a client in the apps' namespace
     * @param timeout how long each wait for Kubernetes (a pod made, a pod gone, the others ready) may last
     */
    public ReplicaSetPods(KubernetesClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
        this.podInformer = client.pods().withLabel(PodTemplates.MANAGED_BY_LABEL, "cutover").runnableInformer(0);
        // by owner and by name: a wait looks at its own pods, not at every pod, each time any pod changes
        podInformer.addIndexers(Map.of(BY_OWNER, pod -> List.of(ownerUid(pod)), BY_NAME, pod -> List.of(pod.getMetadata().getName())));
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                signal();
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                signal();
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                claimed.remove(pod.getMetadata().getName());
                signal();
            }
        });
        try {
            podInformer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            podInformer.close();
            throw e.getCause() instanceof KubernetesClientException k ? k
                    : new KubernetesClientException("watching pods failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            podInformer.close();
            throw new KubernetesClientException("watching pods did not start within " + timeout.toMillis() + " ms");
        }
    }

    /** Tells {@code handler} of every change to Cutover's pods too (through the same watch). */
    public void onPodChanges(ResourceEventHandler<Pod> handler) {
        podInformer.addEventHandler(handler);
    }

    /** Every pod of Cutover's in the namespace, as the informer shows them. */
    public List<Pod> all() {
        return podInformer.getStore().list();
    }

    private @Nullable Pod byName(String podName) {
        List<Pod> found = podInformer.getIndexer().byIndex(BY_NAME, podName);
        return found.isEmpty() ? null : found.getFirst();
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /**
     * Creates the ReplicaSet if it does not exist (with no replicas); returns it as stored. One that exists
     * gets the wanted environment of the app's container if it differs (a revision deployed again with
     * another hand-off's {@code CUTOVER_HANDOFF}): it applies to the pods made from then on.
     */
    public ReplicaSet ensure(ReplicaSet wanted) {
        ReplicaSet existing = client.apps().replicaSets().withName(wanted.getMetadata().getName()).get();
        if (existing != null) {
            List<EnvVar> env = appContainer(wanted).getEnv();
            if (!env.equals(appContainer(existing).getEnv())) {
                return client.apps().replicaSets().withName(wanted.getMetadata().getName()).edit(rs -> {
                    appContainer(rs).setEnv(env);
                    return rs;
                });
            }
            return existing;
        }
        try {
            return client.apps().replicaSets().resource(wanted).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) { // made meanwhile
                return client.apps().replicaSets().withName(wanted.getMetadata().getName()).get();
            }
            throw e;
        }
    }

    /**
     * Makes the ReplicaSet if it does not exist, then adds one pod to it for {@code instanceId}: both under
     * the ReplicaSet's lock, so {@link #deleteIfEmpty} cannot take it away in between.
     *
     * @throws KubernetesUnavailableException if the pod does not appear within the timeout
     */
    public Pod add(ReplicaSet wanted, String instanceId) {
        return add(wanted, Map.of(), instanceId);
    }

    /**
     * As {@link #add(ReplicaSet, String)}, with the revision's secret values in its Secret
     * ({@link PodTemplates#secret}), made before the pod so the pod finds it.
     */
    public Pod add(ReplicaSet wanted, Map<String, String> secretValues, String instanceId) {
        String name = wanted.getMetadata().getName();
        synchronized (lock(name)) {
            ReplicaSet rs = ensure(wanted);
            if (!secretValues.isEmpty() && client.secrets().withName(name).get() == null) {
                try {
                    client.secrets().resource(PodTemplates.secret(rs, secretValues)).create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) { // made meanwhile: the same values, the revision's hash covers them
                        throw e;
                    }
                }
            }
            return add(name, instanceId);
        }
    }

    /**
     * Adds one pod to the ReplicaSet and claims it for {@code instanceId}; returns it once Kubernetes made it.
     *
     * @throws KubernetesUnavailableException if the pod does not appear within the timeout
     */
    public Pod add(String replicaSet, String instanceId) {
        synchronized (lock(replicaSet)) {
            ReplicaSet rs = scale(replicaSet, n -> n + 1);
            String uid = rs.getMetadata().getUid();
            Pod pod = await(replicaSet + " makes a pod for " + instanceId, () -> pods(uid).stream()
                    .filter(p -> annotation(p, PodTemplates.INSTANCE_ANNOTATION) == null && !claimed.contains(p.getMetadata().getName()))
                    .findFirst().orElse(null));
            claimed.add(pod.getMetadata().getName());
            return annotate(pod.getMetadata().getName(), PodTemplates.INSTANCE_ANNOTATION, instanceId);
        }
    }

    /**
     * Removes exactly {@code podName} from its ReplicaSet: lowest deletion cost, then one replica fewer;
     * returns once the pod is gone (its process stopped within its grace period).
     *
     * @param now delete the pod at once (grace period 0, as SIGKILL) instead of within its grace period
     * @throws KubernetesUnavailableException if a wait passes its timeout
     */
    public void remove(String replicaSet, String podName, boolean now) {
        synchronized (lock(replicaSet)) {
            Pod pod = client.pods().withName(podName).get();
            if (pod == null) {
                return;
            }
            String uid = ownerUid(pod);
            await("no other pod of " + replicaSet + " ranks before " + podName + " for scale-down", () -> {
                Pod target = byName(podName);
                int rank = target == null ? Integer.MIN_VALUE : scaleDownRank(target);
                return pods(uid).stream().filter(p -> !p.getMetadata().getName().equals(podName))
                        .allMatch(p -> scaleDownRank(p) >= rank) ? Boolean.TRUE : null;
            });
            annotate(podName, DELETION_COST, FIRST_TO_GO);
            scale(replicaSet, n -> Math.max(0, n - 1));
            if (now) {
                client.pods().withName(podName).withGracePeriod(0).delete();
            }
            await(podName + " is gone", () -> byName(podName) == null ? Boolean.TRUE : null);
        }
    }

    /** Every ReplicaSet Cutover made in the namespace (by its {@code app.kubernetes.io/managed-by} label). */
    public List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().withLabel(PodTemplates.MANAGED_BY_LABEL, "cutover").list().getItems();
    }

    /**
     * Deletes the ReplicaSet if it has no replicas and no pods, under its lock (no pod is being added).
     *
     * @return whether it was deleted
     */
    public boolean deleteIfEmpty(String replicaSet) {
        synchronized (lock(replicaSet)) {
            ReplicaSet rs = client.apps().replicaSets().withName(replicaSet).get();
            if (rs == null || (rs.getSpec().getReplicas() != null && rs.getSpec().getReplicas() != 0)
                    || !pods(rs.getMetadata().getUid()).isEmpty()) {
                return false;
            }
            client.apps().replicaSets().withName(replicaSet).delete();
            return true;
        }
    }

    /** Sets one annotation; a concurrent writer (the kubelet's status) makes it read the pod again. */
    private Pod annotate(String podName, String key, String value) {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.pods().withName(podName).edit(p -> {
                    Map<String, String> annotations = new java.util.HashMap<>();
                    if (p.getMetadata().getAnnotations() != null) {
                        annotations.putAll(p.getMetadata().getAnnotations());
                    }
                    annotations.put(key, value);
                    p.getMetadata().setAnnotations(annotations);
                    return p;
                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    /** The pods a ReplicaSet owns (by its uid), as the informer shows them. */
    public List<Pod> pods(String replicaSetUid) {
        return podInformer.getIndexer().byIndex(BY_OWNER, replicaSetUid).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    /** {@code replicas} changed by {@code change}, as a compare-and-set: a concurrent writer makes it read again. */
    private ReplicaSet scale(String replicaSet, IntUnaryOperator change) {
        for (int attempt = 0; ; attempt++) {
            ReplicaSet rs = client.apps().replicaSets().withName(replicaSet).get();
            if (rs == null) {
                throw new IllegalStateException("ReplicaSet " + replicaSet + " does not exist");
            }
            int replicas = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
            rs.getSpec().setReplicas(change.applyAsInt(replicas));
            try {
                return client.apps().replicaSets().resource(rs).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Waits for {@code found} to find something, looking again after every change to a pod. */
    /**
     * Waits for a pod, as the informer shows it, to be {@code done}; woken by every change to a pod, so it
     * sees the change the moment the watch brings it.
     *
     * @return the pod, or empty when it is gone (deleted, or never seen)
     * @throws KubernetesUnavailableException if {@code within} passes first
     */
    public java.util.Optional<Pod> awaitPod(String podName, java.util.function.Predicate<Pod> done, Duration within) {
        return await(podName + " runs", within, () -> {
            Pod pod = byName(podName);
            return pod == null ? java.util.Optional.<Pod>empty() : done.test(pod) ? java.util.Optional.of(pod) : null;
        });
    }

    private <T> T await(String what, Supplier<@Nullable T> found) {
        return await(what, timeout, found);
    }

    private <T> T await(String what, Duration within, Supplier<@Nullable T> found) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (changed) {
            T value = found.get();
            while (value == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new KubernetesUnavailableException("waited " + within.toMillis() + " ms for: " + what);
                }
                try {
                    changed.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KubernetesUnavailableException("interrupted while waiting for: " + what);
                }
                value = found.get();
            }
            return value;
        }
    }

    private Object lock(String replicaSet) {
        return locks.computeIfAbsent(replicaSet, name -> new Object());
    }

    private static Container appContainer(ReplicaSet rs) {
        return rs.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> PodTemplates.CONTAINER.equals(c.getName()))
                .findFirst().orElseThrow(() -> new IllegalStateException("ReplicaSet " + rs.getMetadata().getName()
                        + " has no container " + PodTemplates.CONTAINER));
    }

    /** The uid of the ReplicaSet that owns a pod; empty for none. */
    public static String ownerUid(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null ? "" : owners.stream().filter(o -> "ReplicaSet".equals(o.getKind()))
                .map(OwnerReference::getUid).findFirst().orElse("");
    }

    /** One of a pod's annotations; null when it has none of that name. */
    public static @Nullable String annotation(Pod pod, String name) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }

    /**
     * Where a pod stands in the ReplicaSet controller's scale-down order before the deletion cost is looked
     * at (lower goes first): unscheduled before scheduled, then Pending before Unknown before Running, then
     * not ready before ready. Among pods of equal rank the lowest deletion cost goes.
     */
    static int scaleDownRank(Pod pod) {
        boolean scheduled = pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        int phaseRank = "Running".equals(phase) ? 2 : "Unknown".equals(phase) ? 1 : 0;
        return (scheduled ? 100 : 0) + phaseRank * 10 + (ready(pod) ? 1 : 0);
    }

    /** Whether a pod's {@code Ready} condition is true. */
    public static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Kubernetes did not do what was asked within the timeout, or could not be reached. */
    public static final class KubernetesUnavailableException extends RuntimeException {
        KubernetesUnavailableException(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        podInformer.close();
    }
}
