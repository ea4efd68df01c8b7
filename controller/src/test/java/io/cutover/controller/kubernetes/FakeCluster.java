package io.cutover.controller.kubernetes;

import io.cutover.controller.testing.RunningServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (a real HTTP server speaking the REST and
 * watch protocol, keeping objects as a real API server does) plus what a cluster adds that it lacks: the
 * {@link ReplicaSetController}, which makes and removes a ReplicaSet's pods and collects the pods of a
 * ReplicaSet that is gone (the garbage collector's part). Pods run only with a {@link FakeKubelet}
 * ({@link #withKubelet}).
 */
public final class FakeCluster implements AutoCloseable {

    /** The mock server logs every request through java.util.logging: held here, so the level set sticks. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    /** The namespace the tests use. */
    public static final String NAMESPACE = "cutover-test";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final ReplicaSetController replicaSets;
    private @Nullable FakeKubelet kubelet;
    private Set<ApiCall> calls = Set.of();

    private FakeCluster(KubernetesMockServer server, KubernetesClient client, ReplicaSetController replicaSets) {
        this.server = server;
        this.client = client;
        this.replicaSets = replicaSets;
    }

    /**
     * Starts the cluster with a {@link FakeKubelet} that runs its pods as processes of the example app
     * ({@link FakeKubelet#simpleserviceImages}), their output in {@code logDir}.
     */
    public static FakeCluster withKubelet(Path logDir) {
        FakeCluster cluster = start();
        cluster.kubelet = FakeKubelet.start(cluster.client, FakeKubelet.simpleserviceImages(RunningServer.SIMPLESERVICE), logDir);
        return cluster;
    }

    /** The kubelet {@link #withKubelet} started. */
    public FakeKubelet kubelet() {
        return java.util.Objects.requireNonNull(kubelet, "kubelet (start the cluster withKubelet)");
    }

    /** Starts the API server on an ephemeral port and the controllers that watch it. */
    public static FakeCluster start() {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        RecordingDispatcher dispatcher = new RecordingDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        KubernetesClient client = server.createClient().inNamespace(NAMESPACE);
        FakeCluster cluster = new FakeCluster(server, client, ReplicaSetController.start(client));
        cluster.calls = dispatcher.calls;
        return cluster;
    }

    /** The CRUD API server, noting every call Cutover's runtime makes (by its user agent). */
    private static final class RecordingDispatcher extends KubernetesCrudDispatcher {
        final Set<ApiCall> calls = ConcurrentHashMap.newKeySet();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String agent = request.getHeader("User-Agent");
            if (agent != null && agent.equals(KubernetesRuntime.USER_AGENT)) {
                calls.add(ApiCall.of(request.getMethod(), request.getPath()));
            }
            return super.dispatch(request);
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
        if (kubelet != null) {
            kubelet.close();
        }
        replicaSets.close();
        client.close();
        server.destroy();
    }
}
