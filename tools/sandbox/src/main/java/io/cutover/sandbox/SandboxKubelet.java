package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A kubelet written for the tests: for every pod on the {@link SandboxCluster} it runs the pod's first container
 * (the app) as a real process of this machine, and a container of busybox's {@code httpd} (Cutover's
 * identity container) as a file server in this JVM ({@link HttpdContainer}), both on a loopback address
 * of the pod's own ({@code 127.0.0.N}, so pod IPs are real, distinct addresses, and reused once a pod is
 * gone), and writes the pod's status as a kubelet
 * does: {@code podIP}, phase, the {@code Ready} condition (once the container's port accepts connections)
 * and the container's status with its restart count. A container runs the image's command, or its own
 * {@code command} instead, with its {@code args} after either. A container that exits is restarted, after a
 * back-off that doubles (CrashLoopBackOff meanwhile), unless the pod's {@code restartPolicy} says otherwise
 * ({@code Never}, or {@code OnFailure} and it exited with 0: the pod ends, Succeeded or Failed); an image it cannot run shows {@code ErrImagePull};
 * a pod whose {@code nodeSelector} this node ({@link #NODE_LABELS}) does not match stays Pending,
 * {@code Unschedulable}, as the scheduler leaves it;
 * a deleted pod's process gets SIGTERM, then SIGKILL after the pod's grace period.
 *
 * <p>Images are what {@code images} makes of them: a command and its environment ({@link Image}), or null
 * for an image that does not exist. The container gets the image's environment, then its own {@code env},
 * then {@code HOST} (the pod IP) and {@code PORT} (its first container port, 8080 without one).
 */
public final class SandboxKubelet implements AutoCloseable {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    /** The labels of the one node this kubelet is: a pod whose nodeSelector asks for others is unschedulable. */
    static final Map<String, String> NODE_LABELS = Map.of("kubernetes.io/os", "linux", "kubernetes.io/hostname", "fake-node");

    private final KubernetesClient client;
    private final Function<String, @Nullable Image> images;
    private final Path logDir;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fake-kubelet").factory());
    /** The pods this kubelet runs, by name. Worker thread only, except {@link #close}. */
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    /** Loopback addresses in use by pods, by {@link #address} index: 127.0.0.2 … 127.0.255.254. */
    private final boolean[] addressTaken = new boolean[HOSTS_PER_BLOCK * 256];
    private static final int HOSTS_PER_BLOCK = 253;
    private SharedIndexInformer<Pod> pods;
    private ResourceEventHandler<Pod> handler;

    /**
     * What an image runs: a command, with the environment the image sets (a container's env overrides it).
     * No command: {@link #inProcess}.
     */
    public record Image(List<String> command, Map<String, String> env) {

        /**
         * An app served in the kubelet's JVM, no process: every path answers 200 with its version, at
         * once, so a benchmark can run hundreds of pods on one machine.
         */
        public static Image inProcess(String version) {
            return new Image(List.of(), Map.of("SIMPLE_SERVICE_VERSION", version));
        }
    }

    private SandboxKubelet(KubernetesClient client, Function<String, @Nullable Image> images, Path logDir) {
        this.client = client;
        this.images = images;
        this.logDir = logDir;
    }

    /**
     * Starts running the cluster's pods.
     *
     * @param pods the cluster's informer of every pod, shared with its controllers
     * @param images an image's command, or null for an image that cannot be pulled
     * @param logDir where each container's output goes ({@code <pod>.log})
     */
    static SandboxKubelet start(KubernetesClient client, SharedIndexInformer<Pod> pods, Function<String, @Nullable Image> images,
            Path logDir) {
        SandboxKubelet kubelet = new SandboxKubelet(client, images, logDir);
        kubelet.pods = pods;
        kubelet.handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                kubelet.worker.execute(() -> kubelet.admit(pod));
            }

            @Override
            public void onUpdate(Pod before, Pod after) {}

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                kubelet.worker.execute(() -> kubelet.remove(pod));
            }
        };
        pods.addEventHandler(kubelet.handler);
        return kubelet;
    }

    /** The pids of the processes every pod's app container runs as now. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (RunningPod pod : running.values()) {
            Process process = pod.process;
            if (process != null && process.isAlive()) {
                pids.add(process.pid());
            }
        }
        return pids;
    }

    /** The pid of the process a pod's container runs as now, if any. */
    public @Nullable Long pid(String podName) {
        RunningPod pod = running.get(podName);
        return pod == null || pod.process == null || !pod.process.isAlive() ? null : pod.process.pid();
    }

    private final class RunningPod {
        final String name;
        final String ip;
        final Container container;
        final int port;
        final long graceSeconds;
        /** {@code restartPolicy: Never}: an exit ends the pod (Succeeded or Failed). */
        final boolean restartNever;
        /** {@code restartPolicy: OnFailure}: an exit with 0 ends it. */
        final boolean restartOnFailure;
        @Nullable Process process;
        int restarts;
        Duration backoff = FIRST_BACKOFF;
        boolean removed;
        /** When the kubelet last marked it ready; null while it is not. Worker thread only. */
        @Nullable Instant readySince;
        /** The app container of an {@link Image#inProcess} image, served in this JVM. */
        @Nullable HttpdContainer inProcess;
        /** The pod's other containers that this kubelet serves in-process (Cutover's identity container). */
        final List<HttpdContainer> httpds = new ArrayList<>();

        RunningPod(Pod pod, String ip) {
            this.name = pod.getMetadata().getName();
            this.ip = ip;
            this.container = pod.getSpec().getContainers().getFirst();
            List<ContainerPort> ports = container.getPorts();
            this.port = ports == null || ports.isEmpty() ? 8080 : ports.getFirst().getContainerPort();
            Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
            this.graceSeconds = grace == null ? 30 : grace;
            this.restartNever = "Never".equals(pod.getSpec().getRestartPolicy());
            this.restartOnFailure = "OnFailure".equals(pod.getSpec().getRestartPolicy());
        }
    }

    private void admit(Pod pod) {
        String name = pod.getMetadata().getName();
        if (running.containsKey(name) || pod.getSpec().getContainers().isEmpty()) {
            return;
        }
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !NODE_LABELS.entrySet().containsAll(selector.entrySet())) {
            unschedulable(name);
            return;
        }
        String ip;
        try {
            ip = takeAddress(pod);
        } catch (IllegalStateException full) {
            // as a kubelet whose pod network has no IP left: the pod stays Pending, and says why
            Pod current = client.pods().withName(name).get();
            if (current != null) {
                current.setStatus(new PodStatusBuilder().withPhase("Pending").withContainerStatuses(waiting("ContainerCreating",
                        "FailedCreatePodSandBox: " + full.getMessage())).build());
                client.pods().resource(current).updateStatus();
            }
            return;
        }
        RunningPod runningPod = new RunningPod(pod, ip);
        running.put(name, runningPod);
        for (Container other : pod.getSpec().getContainers().subList(1, pod.getSpec().getContainers().size())) {
            if (HttpdContainer.runs(other)) {
                try {
                    runningPod.httpds.add(HttpdContainer.start(pod, other, ip));
                } catch (IOException e) {
                    writeStatus(runningPod, "Pending", false, waiting("RunContainerError", other.getName() + ": " + e.getMessage()));
                    return;
                }
            }
        }
        Image command = images.apply(runningPod.container.getImage());
        if (command == null) {
            writeStatus(runningPod, "Pending", false, waiting("ErrImagePull",
                    "rpc error: code = NotFound desc = failed to pull image \"" + runningPod.container.getImage() + "\": not found"));
            return;
        }
        if (command.command().isEmpty()) {
            try {
                runningPod.inProcess = HttpdContainer.answering(runningPod.container, ip, runningPod.port,
                        "{\"version\": \"" + command.env().getOrDefault("SIMPLE_SERVICE_VERSION", "") + "\"}");
            } catch (IOException e) {
                writeStatus(runningPod, "Pending", false, waiting("RunContainerError", e.getMessage()));
                return;
            }
            writeStatus(runningPod, "Running", true, runningPod.inProcess.status());
            return;
        }
        launch(runningPod, command);
    }

    private void launch(RunningPod pod, Image image) {
        if (pod.removed) {
            return;
        }
        // as a container runtime does: the container's command replaces the image's entrypoint, its args follow
        List<String> command = new ArrayList<>(pod.container.getCommand() == null || pod.container.getCommand().isEmpty()
                ? image.command() : pod.container.getCommand());
        if (pod.container.getArgs() != null) {
            command.addAll(pod.container.getArgs());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(logDir.toFile(), pod.name + ".log")));
        Map<String, String> env = builder.environment();
        env.putAll(image.env());
        if (pod.container.getEnv() != null) {
            for (EnvVar var : pod.container.getEnv()) {
                String value = var.getValue();
                if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                    value = secretValue(var.getValueFrom().getSecretKeyRef().getName(), var.getValueFrom().getSecretKeyRef().getKey());
                    if (value == null) {
                        writeStatus(pod, "Pending", false, waiting("CreateContainerConfigError", "secret \""
                                + var.getValueFrom().getSecretKeyRef().getName() + "\" not found"));
                        return;
                    }
                }
                env.put(var.getName(), value == null ? "" : value);
            }
        }
        env.put("HOST", pod.ip);
        env.put("PORT", Integer.toString(pod.port));
        try {
            pod.process = builder.start();
        } catch (IOException e) {
            writeStatus(pod, "Pending", false, waiting("RunContainerError", e.getMessage()));
            return;
        }
        Process process = pod.process;
        Instant started = Instant.now();
        writeStatus(pod, "Running", false, new ContainerStatusBuilder().withName(pod.container.getName()).withReady(false)
                .withRestartCount(pod.restarts).withImage(pod.container.getImage())
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started.toString()).endRunning().build()).build());
        worker.schedule(() -> awaitReady(pod, process, started), 20, TimeUnit.MILLISECONDS);
        process.onExit().thenRun(() -> worker.execute(() -> exited(pod, process, image)));
    }

    /** A key of a Secret as the kubelet reads it: {@code data} (base64), or {@code stringData} as written. */
    private @Nullable String secretValue(String name, String key) {
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().withName(name).get();
        if (secret == null) {
            return null;
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)), java.nio.charset.StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }

    /** Ready once the container's port accepts connections (the kubelet's part; Cutover runs its own checks). */
    private void awaitReady(RunningPod pod, Process process, Instant started) {
        if (pod.removed || pod.process != process || !process.isAlive()) {
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(pod.ip, pod.port), 200);
        } catch (IOException notYet) {
            worker.schedule(() -> awaitReady(pod, process, started), 20, TimeUnit.MILLISECONDS);
            return;
        }
        writeStatus(pod, "Running", true, new ContainerStatusBuilder().withName(pod.container.getName()).withReady(true)
                .withStarted(true).withRestartCount(pod.restarts).withImage(pod.container.getImage())
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started.toString()).endRunning().build()).build());
    }

    private void exited(RunningPod pod, Process process, Image image) {
        if (pod.removed || pod.process != process) {
            return;
        }
        if (pod.restartNever || (pod.restartOnFailure && process.exitValue() == 0)) {
            // the pod has run to its end (a Job's): terminated, not restarted
            writeStatus(pod, process.exitValue() == 0 ? "Succeeded" : "Failed", false, new ContainerStatusBuilder()
                    .withName(pod.container.getName()).withReady(false).withRestartCount(pod.restarts).withImage(pod.container.getImage())
                    .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(process.exitValue())
                            .withReason(process.exitValue() == 0 ? "Completed" : "Error").endTerminated().build()).build());
            return;
        }
        pod.restarts++;
        writeStatus(pod, "Running", false, new ContainerStatusBuilder().withName(pod.container.getName()).withReady(false)
                .withRestartCount(pod.restarts).withImage(pod.container.getImage())
                .withState(new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off " + pod.backoff.toMillis() + "ms restarting failed container").endWaiting().build())
                .withNewLastState().withNewTerminated().withExitCode(process.exitValue()).withReason("Error").endTerminated().endLastState()
                .build());
        Duration wait = pod.backoff;
        pod.backoff = pod.backoff.multipliedBy(2);
        worker.schedule(() -> launch(pod, image), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void remove(Pod deleted) {
        RunningPod pod = running.remove(deleted.getMetadata().getName());
        if (pod == null) {
            return;
        }
        pod.removed = true;
        stop(pod);
        pod.httpds.forEach(HttpdContainer::close);
        if (pod.inProcess != null) {
            pod.inProcess.close();
        }
        String[] octets = pod.ip.split("\\.");
        addressTaken[Integer.parseInt(octets[2]) * HOSTS_PER_BLOCK + Integer.parseInt(octets[3]) - 2] = false;
    }

    /** SIGTERM, then SIGKILL after the pod's grace period; returns once the process is gone. */
    private static void stop(RunningPod pod) {
        Process process = pod.process;
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(pod.graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The lowest loopback address no pod of this kubelet has, and on which nothing else of this machine
     * (another sandbox, a test server) answers at the pod's container ports: two sandboxes on one machine
     * share 127.0.0.0/8.
     */
    private String takeAddress(Pod pod) {
        List<Integer> ports = pod.getSpec().getContainers().stream().flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.empty()
                : c.getPorts().stream()).map(ContainerPort::getContainerPort).toList();
        for (int n = 0; n < addressTaken.length; n++) {
            String ip = address(n);
            if (!addressTaken[n] && ports.stream().noneMatch(port -> answers(ip, port))) {
                addressTaken[n] = true;
                return ip;
            }
        }
        throw new IllegalStateException("no loopback address left for another pod");
    }

    /** The n-th pod address: 127.0.0.2 first, reused lowest first (as a node's pod CIDR hands IPs out). */
    private static String address(int n) {
        return "127.0." + (n / HOSTS_PER_BLOCK) + "." + (2 + n % HOSTS_PER_BLOCK);
    }

    private static boolean answers(String ip, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** What the scheduler writes for a pod no node fits (this kubelet is the cluster's one node). */
    private void unschedulable(String name) {
        Pod current = client.pods().withName(name).get();
        if (current == null) {
            return;
        }
        current.setStatus(new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. "
                        + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")
                .build()).build());
        client.pods().resource(current).updateStatus();
    }

    private ContainerStatus waiting(String reason, String message) {
        return new ContainerStatusBuilder().withName("app").withReady(false).withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting().build())
                .build();
    }

    private void writeStatus(RunningPod pod, String phase, boolean ready, ContainerStatus container) {
        if (pod.removed) {
            return;
        }
        if (ready && pod.readySince == null) {
            pod.readySince = Instant.now();
        } else if (!ready) {
            pod.readySince = null;
        }
        List<PodCondition> conditions = new ArrayList<>();
        // when it became ready, to the microsecond (a real kubelet writes seconds): what bench/kubernetes.sh measures from
        conditions.add(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(pod.readySince == null ? null : pod.readySince.toString()).build());
        List<ContainerStatus> containers = new ArrayList<>(List.of(container));
        pod.httpds.forEach(httpd -> containers.add(httpd.status()));
        PodStatus status = new PodStatusBuilder().withPhase(phase).withPodIP(pod.ip).withHostIP("127.0.0.1")
                .withConditions(conditions).withContainerStatuses(containers).build();
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                // the informer's copy first (one call when it is current), the API server's after a conflict
                Pod current = attempt == 0 ? pods.getStore().getByKey(SandboxCluster.NAMESPACE + "/" + pod.name) : null;
                if (current == null) {
                    current = client.pods().withName(pod.name).get();
                }
                if (current == null) {
                    return; // deleted meanwhile
                }
                current = new io.fabric8.kubernetes.api.model.PodBuilder(current).withStatus(status).build();
                client.pods().resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    return; // deleted meanwhile
                }
                // a concurrent write (Cutover's annotations, or a copy not yet current): read the pod again
            }
        }
    }

    @Override
    public void close() {
        pods.removeEventHandler(handler);
        worker.shutdownNow();
        List<RunningPod> left = new ArrayList<>(running.values());
        running.clear();
        for (RunningPod pod : left) {
            pod.removed = true;
            pod.httpds.forEach(HttpdContainer::close);
            if (pod.inProcess != null) {
                pod.inProcess.close();
            }
            Process process = pod.process;
            if (process != null) {
                process.destroyForcibly();
            }
        }
        for (RunningPod pod : left) {
            if (pod.process != null) {
                try {
                    pod.process.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Images for {@link #start}: {@code simpleservice:VERSION} runs the example app's jar reporting that
     * version; {@code static:VERSION} answers in the kubelet's JVM ({@link Image#inProcess});
     * {@code crash:ANY} exits with 3 at once; any other image cannot be pulled.
     */
    public static Function<String, @Nullable Image> simpleserviceImages(Path jar) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return image -> {
            if (image.startsWith("simpleservice:")) {
                return new Image(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()),
                        Map.of("SIMPLE_SERVICE_VERSION", image.substring("simpleservice:".length()), "QUIET", "true"));
            }
            if (image.startsWith("static:")) {
                return Image.inProcess(image.substring("static:".length()));
            }
            if (image.startsWith("crash:")) {
                return new Image(List.of("/bin/sh", "-c", "exit 3"), Map.of());
            }
            return null;
        };
    }
}
