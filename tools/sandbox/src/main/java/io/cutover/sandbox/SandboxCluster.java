package io.cutover.sandbox;

import io.cutover.controller.kubernetes.KubernetesRuntime;
import io.cutover.controller.kubernetes.PodTemplates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (a real HTTP server speaking the REST and
 * watch protocol, keeping objects as a real API server does) plus what a cluster adds that it lacks: the
 * {@link SandboxReplicaSets}, which makes and removes a ReplicaSet's pods and collects the pods of a
 * ReplicaSet that is gone (the garbage collector's part), and {@link SandboxJobs}, which runs a Job's pod
 * and writes how it ended. Pods run only with a {@link SandboxKubelet}
 * ({@link #withKubelet}).
 */
public final class SandboxCluster implements AutoCloseable {

    /** The mock server logs every request through java.util.logging: held here, so the level set sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** The namespace the tests use. */
    public static final String NAMESPACE = "cutover-test";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final SandboxReplicaSets replicaSets;
    private final SandboxJobs jobs;
    private final SharedIndexInformer<Pod> pods;
    private @Nullable SandboxKubelet kubelet;
    private Set<ApiCall> calls = Set.of();
    private RecordingDispatcher dispatcher;

    private SandboxCluster(KubernetesMockServer server, KubernetesClient client) {
        this.server = server;
        this.client = client;
        // one watch of every pod, shared by the controllers and the kubelet (each watch costs the API server a copy of every event)
        this.pods = client.pods().runnableInformer(0);
        this.replicaSets = SandboxReplicaSets.start(client, pods);
        this.jobs = SandboxJobs.start(client, pods);
        pods.run();
    }

    /**
     * Starts the cluster with a {@link SandboxKubelet} that runs its pods as processes of the example app
     * ({@link SandboxKubelet#simpleserviceImages}: {@code simpleservice}'s jar), their output in {@code logDir}.
     */
    public static SandboxCluster withKubelet(Path logDir, Path simpleserviceJar) {
        SandboxCluster cluster = start();
        cluster.dispatcher.logDir = logDir;
        cluster.kubelet = SandboxKubelet.start(cluster.client, cluster.pods, SandboxKubelet.simpleserviceImages(simpleserviceJar), logDir);
        return cluster;
    }

    /** The kubelet {@link #withKubelet} started. */
    public SandboxKubelet kubelet() {
        return java.util.Objects.requireNonNull(kubelet, "kubelet (start the cluster withKubelet)");
    }

    /** Starts the API server on an ephemeral port and the controllers that watch it. */
    public static SandboxCluster start() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        KubernetesClient client = server.createClient().inNamespace(NAMESPACE);
        SandboxCluster cluster = new SandboxCluster(server, client);
        cluster.calls = dispatcher.calls;
        cluster.dispatcher = dispatcher;
        return cluster;
    }

    /**
     * The CRUD API server, noting every call Cutover's runtime makes (by its user agent), and answering
     * for a pod's log with what the kubelet wrote for its app container (CRUD mode keeps no logs).
     */
    private static final class RecordingDispatcher extends KubernetesCrudDispatcher {
        private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log(\\?.*)?");
        final Set<ApiCall> calls = ConcurrentHashMap.newKeySet();
        volatile @Nullable Path logDir;

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String agent = request.getHeader("User-Agent");
            if (agent != null && agent.equals(KubernetesRuntime.USER_AGENT)) {
                calls.add(ApiCall.of(request.getMethod(), request.getPath()));
            }
            Matcher log = LOG.matcher(request.getPath());
            if (log.matches() && "GET".equals(request.getMethod())) {
                return podLog(log.group(1), log.group(2) == null ? "" : log.group(2));
            }
            return super.dispatch(request);
        }

        /** As the API server answers: a pod of two containers needs {@code container=}; this kubelet logs the app's. */
        private MockResponse podLog(String pod, String query) {
            if (!query.contains("container=" + PodTemplates.CONTAINER)) {
                return new MockResponse().setResponseCode(400).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":"
                        + "\"Failure\",\"message\":\"a container name must be specified for pod " + pod + ", choose one of: [app "
                        + "cutover-identity]\",\"reason\":\"BadRequest\",\"code\":400}");
            }
            Path dir = logDir;
            Path file = dir == null ? null : dir.resolve(pod + ".log");
            try {
                return new MockResponse().setResponseCode(200).setBody(file != null && Files.exists(file) ? Files.readString(file) : "");
            } catch (IOException e) {
                return new MockResponse().setResponseCode(500).setBody(e.toString());
            }
        }
    }

    /** Every distinct call the Kubernetes runtime made to this cluster so far. */
    public Set<ApiCall> runtimeCalls() {
        return Set.copyOf(calls);
    }

    /** A client of the cluster, in {@link #NAMESPACE}. */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, as {@code cutover server --runtime kubernetes} is pointed at it. */
    public String apiUrl() {
        return client.getMasterUrl().toString();
    }

    @Override
    public void close() {
        pods.close();
        if (kubelet != null) {
            kubelet.close();
        }
        replicaSets.close();
        jobs.close();
        client.close();
        server.destroy();
    }
}
