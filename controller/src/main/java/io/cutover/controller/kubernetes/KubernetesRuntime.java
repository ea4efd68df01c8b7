package io.cutover.controller.kubernetes;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.RuntimeKind;
import io.cutover.controller.engine.AppChanges;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.store.Store;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceIdentity;
import io.cutover.core.model.Revision;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instances as pods (docs/kubernetes.md): each revision has its ReplicaSet ({@link PodTemplates}); an
 * instance is one pod of it, added and removed one at a time ({@link ReplicaSetPods}), found again by its
 * {@code cutover.io/instance} annotation. Its address is the pod's IP and container port: routers send
 * traffic straight to it, no Service in between.
 *
 * <p>An instance ends when its pod is gone, or when its container terminates: Kubernetes would restart the
 * container in place, but Cutover counts the exit as the local runtime does (the engine replaces the
 * instance, with its back-off and crash-loop limit), so the pod is removed from its ReplicaSet first. A pod
 * Kubernetes cannot start (an image it cannot pull, a pod it cannot schedule) fails the launch with
 * Kubernetes' reason and message, and is removed.
 */
public final class KubernetesRuntime implements InstanceRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesRuntime.class);
    /** How the runtime's calls show in the API server's audit log (and how the tests tell them apart). */
    public static final String USER_AGENT = "cutover-controller/" + io.cutover.controller.api.ApiServer.VERSION;
    /** Waiting reasons that will not pass by themselves: the launch fails with them. */
    private static final Set<String> FATAL_WAITING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "ErrImageNeverPull");

    private final KubernetesClient client;
    private final ReplicaSetPods pods;
    private final HookJobs hooks;
    private final Duration startTimeout;
    private final String identityImage;
    private volatile @Nullable AppResources appResources;
    /** The pods of the instances launched or adopted here, by pod name. */
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    /** The client this runtime made and closes, or null when the caller owns it. */
    private final @Nullable KubernetesClient owned;
    private final ExecutorService stops = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("cutover-pod-stop-", 0).factory());

    /** @param restarts the container's restart count when it was launched or adopted: more means it exited */
    private record Tracked(String replicaSet, Launched launched, int restarts) {}

    /**
     * @param client a client in the namespace the apps run in
     * @param startTimeout how long a pod may take to run (image pull included) before its launch fails
     * @param identityImage the image of each pod's identity container ({@link PodTemplates#DEFAULT_IDENTITY_IMAGE})
     */
    public KubernetesRuntime(KubernetesClient client, Duration startTimeout, String identityImage) {
        this(client, startTimeout, identityImage, null);
    }

    private KubernetesRuntime(KubernetesClient client, Duration startTimeout, String identityImage, @Nullable KubernetesClient owned) {
        this.owned = owned;
        this.client = client;
        this.startTimeout = startTimeout;
        this.identityImage = identityImage;
        this.pods = new ReplicaSetPods(client, startTimeout);
        this.hooks = new HookJobs(client);
        // one watch of Cutover's pods for both: a launch waits on it, and exits and removals come from it
        pods.onPodChanges(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {}

            @Override
            public void onUpdate(Pod before, Pod after) {
                changed(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                Tracked gone = tracked.remove(pod.getMetadata().getName());
                if (gone != null) {
                    gone.launched().exit().complete(exitCode(pod));
                }
            }
        });
    }

    /**
     * Connects to the cluster as fabric8's auto-configuration finds it (in-cluster service account,
     * {@code KUBECONFIG}, {@code ~/.kube/config}); the runtime closes the client.
     *
     * @param namespace the apps' namespace; null for the configuration's, else {@code default}
     * @param apiUrl the API server instead of the configuration's; null for the configuration's
     */
    public static KubernetesRuntime connect(@Nullable String namespace, @Nullable String apiUrl, Duration startTimeout,
            String identityImage) {
        Config config = Config.autoConfigure(null);
        config.setUserAgent(USER_AGENT);
        if (apiUrl != null) {
            config.setMasterUrl(apiUrl);
        }
        KubernetesClient root = new KubernetesClientBuilder().withConfig(config).build();
        String chosen = namespace != null ? namespace : root.getNamespace() != null ? root.getNamespace() : "default";
        log.info("Kubernetes runtime: API {}, namespace {}", root.getMasterUrl(), chosen);
        try {
            return new KubernetesRuntime(root.adapt(NamespacedKubernetesClient.class).inNamespace(chosen), startTimeout, identityImage, root);
        } catch (KubernetesClientException e) {
            root.close();
            String reason = e.getMessage();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.ConnectException) {
                    reason = "connection refused";
                }
            }
            log.debug("the Kubernetes API could not be reached", e);
            // the reason in the message, not as a cause: the server's start failure names this, not the socket's error
            throw new IllegalStateException("the Kubernetes runtime cannot watch pods in namespace " + chosen + " at "
                    + root.getMasterUrl() + ": " + reason);
        }
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.KUBERNETES;
    }

    @Override
    public String logLocation(String instanceId) {
        return "kubernetes:pod/" + instanceId;
    }

    @Override
    public Launched launch(Launch launch) {
        Revision revision = launch.revision();
        Set<String> secret = revision.spec().run().secretEnv().keySet();
        var replicaSet = PodTemplates.replicaSet(withRun(revision.spec(), launch), revision.number(), revision.hash(), identityImage,
                secret);
        String rsName = replicaSet.getMetadata().getName();
        Map<String, String> secretValues = new java.util.TreeMap<>();
        secret.forEach(name -> secretValues.put(name, launch.run().env().get(name)));
        Pod pod = pods.add(replicaSet, secretValues, launch.instanceId());
        String name = pod.getMetadata().getName();
        Pod running;
        try {
            running = awaitRunning(name);
        } catch (RuntimeException e) {
            pods.remove(rsName, name, true);
            throw e;
        }
        Launched launched = new Launched(0, null, running.getStatus().getPodIP(), PodTemplates.port(launch.run()), new CompletableFuture<>(),
                identity(running));
        tracked.put(name, new Tracked(rsName, launched, restarts(running)));
        return launched;
    }

    /** The revision's spec running {@code launch}'s run part (its environment whole, the hand-off's answer in it). */
    private static AppSpec withRun(AppSpec spec, Launch launch) {
        return new AppSpec(spec.name(), spec.instances(), launch.run(), spec.routes(), spec.healthCheck(), spec.readinessCheck(),
                spec.strategy(), spec.killGracePeriodSeconds(), spec.drainTimeoutSeconds(), spec.backoffSeconds(), spec.backoffFactor(),
                spec.maxLaunchDelaySeconds(), spec.hooks(), spec.revisionHistoryLimit(), spec.resources(), spec.kubernetes(),
                spec.https());
    }

    /**
     * Waits for the pod to run with an IP, as the runtime's watch of Cutover's pods shows it (no polling);
     * fails at once with Kubernetes' reason when it cannot start.
     */
    private Pod awaitRunning(String name) {
        Pod pod;
        try {
            pod = pods.awaitPod(name, p -> failure(p) != null || (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                    && p.getStatus().getPodIP() != null && running(p)), startTimeout)
                    .orElseThrow(() -> new LaunchFailedException("pod " + name + " was deleted before it ran"));
        } catch (ReplicaSetPods.KubernetesUnavailableException e) {
            throw new LaunchFailedException("pod " + name + " did not run within " + startTimeout.toSeconds() + " s");
        }
        String failure = failure(pod);
        if (failure != null) {
            throw new LaunchFailedException("pod " + name + ": " + failure);
        }
        return pod;
    }

    /** Whether the app's container runs, and the identity container too if the pod has one. */
    private static boolean running(Pod pod) {
        ContainerStatus status = container(pod);
        return status != null && status.getState() != null && status.getState().getRunning() != null
                && (!hasIdentity(pod) || pod.getStatus().getContainerStatuses().stream()
                        .anyMatch(s -> PodTemplates.IDENTITY_CONTAINER.equals(s.getName()) && s.getState() != null
                                && s.getState().getRunning() != null));
    }

    private static boolean hasIdentity(Pod pod) {
        return pod.getSpec().getContainers().stream().anyMatch(c -> PodTemplates.IDENTITY_CONTAINER.equals(c.getName()));
    }

    /** What the pod's identity container answers: its uid; null for a pod without one (made by an older server). */
    private static @Nullable InstanceIdentity identity(Pod pod) {
        return hasIdentity(pod) ? new InstanceIdentity(PodTemplates.IDENTITY_PORT, pod.getMetadata().getUid()) : null;
    }

    private static @Nullable ContainerStatus container(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return pod.getStatus().getContainerStatuses().stream().filter(s -> PodTemplates.CONTAINER.equals(s.getName()))
                .findFirst().orElse(pod.getStatus().getContainerStatuses().isEmpty() ? null : pod.getStatus().getContainerStatuses().getFirst());
    }

    /** Why the pod will not start by itself, in Kubernetes' words; null while it may still start. */
    static @Nullable String failure(Pod pod) {
        ContainerStatus status = container(pod);
        if (status != null && status.getState() != null) {
            ContainerStateWaiting waiting = status.getState().getWaiting();
            if (waiting != null && FATAL_WAITING.contains(waiting.getReason())) {
                return waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
            }
            boolean restarted = status.getRestartCount() != null && status.getRestartCount() > 0;
            if (restarted || status.getState().getTerminated() != null) {
                // an exit before the launch saw it run: the engine counts it as it counts an exit
                return "container " + status.getName() + " exited with code " + exitCode(pod) + " before it ran"
                        + (waiting == null ? "" : " (" + waiting.getReason() + (waiting.getMessage() == null ? "" : ": "
                                + waiting.getMessage()) + ")");
            }
        }
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
                        && "Unschedulable".equals(condition.getReason())) {
                    return "Unschedulable" + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
                }
            }
        }
        return null;
    }

    /** A tracked pod whose container terminated: the instance has exited; the pod leaves its ReplicaSet. */
    private void changed(Pod pod) {
        Tracked mine = tracked.get(pod.getMetadata().getName());
        ContainerStatus status = container(pod);
        if (mine == null || status == null) {
            return;
        }
        boolean restarted = restarts(pod) > mine.restarts();
        boolean terminated = status.getState() != null && status.getState().getTerminated() != null;
        if ((restarted || terminated) && tracked.remove(pod.getMetadata().getName(), mine)) {
            int code = exitCode(pod);
            log.info("pod {}: its container exited (code {}); the instance has ended", pod.getMetadata().getName(), code);
            mine.launched().exit().complete(code);
            stops.execute(() -> removeQuietly(mine.replicaSet(), pod.getMetadata().getName(), false));
        }
    }

    private static int restarts(Pod pod) {
        ContainerStatus status = container(pod);
        return status == null || status.getRestartCount() == null ? 0 : status.getRestartCount();
    }

    private static int exitCode(Pod pod) {
        ContainerStatus status = container(pod);
        if (status == null) {
            return -1;
        }
        ContainerStateTerminated terminated = status.getState() != null && status.getState().getTerminated() != null
                ? status.getState().getTerminated()
                : status.getLastState() != null ? status.getLastState().getTerminated() : null;
        return terminated == null || terminated.getExitCode() == null ? -1 : terminated.getExitCode();
    }

    @Override
    public @Nullable Launched adopt(Instance recorded, Duration stopGrace) {
        return find(recorded.id(), stopGrace);
    }

    @Override
    public @Nullable Launched find(String instanceId, Duration stopGrace) {
        for (Pod pod : pods.all()) {
            if (instanceId.equals(ReplicaSetPods.annotation(pod, PodTemplates.INSTANCE_ANNOTATION)) && pod.getStatus() != null
                    && pod.getStatus().getPodIP() != null && running(pod)) {
                Tracked known = tracked.get(pod.getMetadata().getName());
                if (known != null) {
                    return known.launched();
                }
                int port = pod.getSpec().getContainers().getFirst().getPorts().getFirst().getContainerPort();
                Launched launched = new Launched(0, null, pod.getStatus().getPodIP(), port, new CompletableFuture<>(), identity(pod));
                tracked.put(pod.getMetadata().getName(), new Tracked(replicaSetOf(pod), launched, restarts(pod)));
                return launched;
            }
        }
        return null;
    }

    private static String replicaSetOf(Pod pod) {
        return pod.getMetadata().getOwnerReferences() == null ? "" : pod.getMetadata().getOwnerReferences().stream()
                .filter(o -> "ReplicaSet".equals(o.getKind())).map(o -> o.getName()).findFirst().orElse("");
    }

    @Override
    public List<Orphan> stopOrphans(Predicate<String> known, Duration stopGrace) {
        List<Orphan> stopped = new ArrayList<>();
        for (Pod pod : pods.all()) {
            String instance = ReplicaSetPods.annotation(pod, PodTemplates.INSTANCE_ANNOTATION);
            if (instance != null && !known.test(instance)) {
                removeQuietly(replicaSetOf(pod), pod.getMetadata().getName(), false);
                stopped.add(new Orphan(instance, 0));
            }
        }
        return stopped;
    }

    @Override
    public Leftovers tidy(Map<String, Set<String>> known) {
        List<String> removed = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (ReplicaSet rs : pods.replicaSets()) {
            String name = rs.getMetadata().getName();
            Map<String, String> labels = rs.getMetadata().getLabels();
            Set<String> hashes = known.get(labels.get(PodTemplates.APP_LABEL));
            if (hashes == null) {
                unknown.add("replicaset/" + name);
            } else if (!hashes.contains(labels.get(PodTemplates.HASH_LABEL)) && pods.deleteIfEmpty(name)) {
                removed.add("replicaset/" + name);
            }
        }
        return new Leftovers(removed, unknown);
    }

    /** As a Job made from the revision's pod template ({@link HookJobs}). */
    @Override
    public HookResult runHook(HookCommand hook) {
        return hooks.run(hook);
    }

    @Override
    public void terminate(Launched instance) {
        podOf(instance).ifPresent(entry -> stops.execute(() -> removeQuietly(entry.getValue().replicaSet(), entry.getKey(), false)));
    }

    @Override
    public void kill(Launched instance) {
        podOf(instance).ifPresent(entry -> removeQuietly(entry.getValue().replicaSet(), entry.getKey(), true));
    }

    private java.util.Optional<Map.Entry<String, Tracked>> podOf(Launched instance) {
        return tracked.entrySet().stream().filter(e -> e.getValue().launched() == instance).findFirst();
    }

    private void removeQuietly(String replicaSet, String podName, boolean now) {
        try {
            pods.remove(replicaSet, podName, now);
        } catch (RuntimeException e) {
            log.warn("removing pod {} from ReplicaSet {} failed: {}", podName, replicaSet, e.toString());
        }
    }

    @Override
    public LogChunk tail(Instance instance, int lines) {
        List<String> all = logLines(instance);
        return new LogChunk(all.subList(Math.max(0, all.size() - lines), all.size()), all.size());
    }

    @Override
    public LogChunk since(Instance instance, long cursor) {
        List<String> all = logLines(instance);
        int from = (int) Math.min(Math.max(0, cursor), all.size());
        return new LogChunk(all.subList(from, all.size()), all.size());
    }

    /** The instance's pod's log, whole (a pod's log is Kubernetes' to keep: it goes with the pod). */
    private List<String> logLines(Instance instance) {
        for (Pod pod : pods.all()) {
            if (instance.id().equals(ReplicaSetPods.annotation(pod, PodTemplates.INSTANCE_ANNOTATION))) {
                String text = client.pods().withName(pod.getMetadata().getName()).inContainer(PodTemplates.CONTAINER).getLog();
                return text == null ? List.of() : text.lines().toList();
            }
        }
        return List.of();
    }

    @Override
    public void close() {
        AppResources watching = appResources;
        if (watching != null) {
            watching.close();
        }
        pods.close();
        stops.shutdown();
        if (owned != null) {
            owned.close();
        }
    }

    /**
     * Drives apps from {@code App} resources in this namespace too ({@link AppResources}), until the
     * runtime closes; nothing if the cluster has no such resource.
     *
     * @param leading whether this controller leads now (only the leader applies)
     */
    public void watchApps(Store store, EventLog events, AppChanges apps, BooleanSupplier leading, Clock clock) {
        AppResources resources = new AppResources(client, store, events, apps, leading, clock);
        if (resources.start()) {
            appResources = resources;
        }
    }

    /** Kubernetes could not start the pod; the message has its reason. */
    public static final class LaunchFailedException extends RuntimeException {
        LaunchFailedException(String message) {
            super(message);
        }
    }
}
