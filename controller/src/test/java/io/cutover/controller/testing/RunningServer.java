package io.cutover.controller.testing;

import static java.util.Objects.requireNonNull;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.CutoverServer;
import io.cutover.controller.ServerOptions;
import io.cutover.controller.runtime.RuntimeChoice;
import io.cutover.controller.store.StoreUrl;
import io.cutover.core.manifest.Manifests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Cutover server for integration tests, as a JUnit 5 extension: before each test it starts in this
 * JVM with API and router on free ports and a fresh data directory; after each test (once the test's own
 * {@code @AfterEach} methods ran) it deletes every app, waits until their processes are gone, stops the
 * server and removes the data — no orphans. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final RunningServer server = RunningServer.perTest();
 * }</pre>
 *
 * <p>On PostgreSQL instead of the data directory's SQLite, register a {@link TestPostgres} before it:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1)
 * final TestPostgres postgres = TestPostgres.perTest();
 * @RegisterExtension @Order(2)
 * final RunningServer server = RunningServer.perTest().onStore(postgres::url);
 * }</pre>
 */
public final class RunningServer implements BeforeEachCallback, AfterEachCallback {

    /** The example app's jar, built by the reactor before the tests run. */
    public static final Path SIMPLESERVICE = Path.of(System.getProperty("cutover.simpleservice.jar",
            "../examples/simpleservice/target/simpleservice.jar")).toAbsolutePath().normalize();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Duration routerTimeout;
    private final Supplier<@Nullable StoreUrl> store;
    private final Supplier<RuntimeChoice> runtime;
    private @Nullable StoreUrl movedTo;
    private final Set<Long> pidsSeen = new HashSet<>();
    private @Nullable Path dataDir;
    private @Nullable CutoverServer server;
    private boolean stopped;
    private int apiPort;

    private RunningServer(Duration routerTimeout, Supplier<@Nullable StoreUrl> store, Supplier<RuntimeChoice> runtime) {
        this.routerTimeout = routerTimeout;
        this.store = store;
        this.runtime = runtime;
    }

    /** A server for each test, with the default router timeout. */
    public static RunningServer perTest() {
        return perTest(ServerOptions.DEFAULT_ROUTER_TIMEOUT);
    }

    /** A server for each test, whose routers stop counting after {@code routerTimeout} of silence. */
    public static RunningServer perTest(Duration routerTimeout) {
        return new RunningServer(routerTimeout, () -> null, () -> RuntimeChoice.LOCAL);
    }

    /** This server on the store {@code store} gives before each test (the data directory still holds the rest). */
    public RunningServer onStore(Supplier<StoreUrl> store) {
        return new RunningServer(routerTimeout, store::get, runtime);
    }

    /** This server running instances where {@code runtime} gives before each test. */
    public RunningServer onRuntime(Supplier<RuntimeChoice> runtime) {
        return new RunningServer(routerTimeout, store, runtime);
    }

    /** Starts the test's server on a new temporary data directory. */
    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        pidsSeen.clear();
        movedTo = null;
        apiPort = 0;
        stopped = false;
        dataDir = Files.createTempDirectory("cutover-test-");
        server = CutoverServer.start(options());
        apiPort = server.apiAddress().getPort();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** A restarted server keeps its API port, so stand-alone routers find it again. */
    private ServerOptions options() {
        return ServerOptions.defaults().withDataDir(dataDir()).withApi("127.0.0.1", apiPort).withRouter("127.0.0.1", 0)
                .withRouterTimeout(routerTimeout).withStore(movedTo != null ? movedTo : store.get()).withRuntime(runtime.get());
    }

    /** Stops the server (instances keep running) and starts a new one on the same data directory. */
    public void restart() {
        stopServer();
        startServer();
    }

    /** Stops the server; its instances keep running. */
    public void stopServer() {
        server().close();
        stopped = true;
    }

    /** Starts the server again on the same data directory, from now on with the store {@code url} names. */
    public void startServerOn(StoreUrl url) {
        movedTo = url;
        startServer();
    }

    /** Starts the server again on the same data directory. */
    public void startServer() {
        server = CutoverServer.start(options());
        stopped = false;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    public int routerPort() {
        return server().routerAddress().getPort();
    }

    public Path dataDir() {
        return requireNonNull(dataDir, "dataDir (the server starts before each test)");
    }

    /** Every API endpoint with the roles that may call it. */
    public List<io.cutover.controller.api.ApiServer.Rule> apiRules() {
        return server().apiRules();
    }

    /**
     * Calls this server with {@code other}'s admin token: two controllers on one store share its tokens, but
     * only the one that made the admin token wrote it to its data directory.
     */
    public void useAdminTokenOf(RunningServer other) throws IOException {
        Files.copy(other.dataDir().resolve("admin.token"), dataDir().resolve("admin.token"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** What the running server knows about leadership. */
    public io.cutover.controller.ha.LeaderView leader() {
        return server().leader();
    }

    private CutoverServer server() {
        return requireNonNull(server, "server (it starts before each test)");
    }

    /** A manifest for simpleservice. */
    public static String simpleservice(String name, int instances, String version, String extra) {
        return """
                name: %s
                instances: %d
                run:
                  command: exec java -Xmx32m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar %s
                  env: {SIMPLE_SERVICE_VERSION: "%s", QUIET: "true"}
                healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, gracePeriodSeconds: 10}
                killGracePeriodSeconds: 5
                drainTimeoutSeconds: 5
                backoffSeconds: 0.2
                """.formatted(name, instances, SIMPLESERVICE, version) + extra;
    }

    // ---- API ----

    /** The admin token the server wrote to its data directory on its first start. */
    public String adminToken() {
        try {
            return Files.readString(dataDir().resolve(io.cutover.controller.auth.AdminTokenFile.NAME)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("the server wrote no admin token", e);
        }
    }

    /** Creates a token (with the admin token) and returns it. */
    public String createToken(String name, String role) {
        Response created = api("POST", "/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}",
                "application/json");
        if (created.status() != 201) {
            throw new AssertionError("cannot create token " + name + ": " + created.body());
        }
        return created.json().get("token").asText();
    }

    /** A call with the admin token. */
    public Response api(String method, String path, String body, String contentType) {
        return api(method, path, body, contentType, adminToken());
    }

    /** A call with {@code token} ({@code Authorization: Bearer …}), or with none when it is null. */
    public Response api(String method, String path, String body, String contentType, @Nullable String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.method(method, publisher).build());
    }

    public Response get(String path) {
        return api("GET", path, null, null);
    }

    public Response apply(String manifest) {
        return api("POST", "/v1/apps", manifest, "application/yaml");
    }

    /** Applies and waits until {@code instances} instances of the app's current revision are routable. */
    public JsonNode deploy(String manifest) {
        Response response = apply(manifest);
        if (response.status() >= 300) {
            throw new AssertionError("apply failed: " + response.body());
        }
        String name = response.json().get("name").asText();
        int desired = response.json().at("/spec/instances").asInt();
        awaitRoutable(name, desired);
        return get("/v1/apps/" + name).json();
    }

    public void awaitRoutable(String app, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode json = get("/v1/apps/" + app).json();
            return json.at("/instances/routable").asInt() == count && json.at("/instances/running").asInt() == count
                    && "RUNNING".equals(json.get("status").asText());
        });
    }

    /** Waits until deployment {@code id} is finalized and returns it. */
    public JsonNode awaitFinalized(long id, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100))
                .until(() -> "FINALIZED".equals(get("/v1/deployments/" + id).json().get("status").asText()));
        return get("/v1/deployments/" + id).json();
    }

    /** Applies a manifest that starts a deployment, and returns the deployment's id. */
    public long applyDeployment(String manifest) {
        return deploymentOf(apply(manifest));
    }

    /** Deployment {@code id}, as the API shows it now. */
    public JsonNode deployment(long id) {
        return get("/v1/deployments/" + id).json();
    }

    /** The id of the deployment an apply started. */
    public static long deploymentOf(Response applied) {
        if (applied.status() >= 300 || applied.json().get("deployment").isNull()) {
            throw new AssertionError("the apply started no deployment: " + applied.body());
        }
        return applied.json().get("deployment").asLong();
    }

    public List<JsonNode> instances(String app) {
        List<JsonNode> out = new ArrayList<>();
        get("/v1/apps/" + app + "/instances").json().forEach(out::add);
        out.forEach(i -> pidsSeen.add(i.get("pid").asLong()));
        return out;
    }

    // ---- through the router ----

    /** GET {@code path} through the embedded router with {@code Host: host}. */
    public Response viaRouter(String host, String path) {
        return via(routerPort(), host, path);
    }

    /** GET {@code path} through the router on {@code port} (any router) with {@code Host: host}. */
    public static Response via(int port, String host, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Host", host).timeout(Duration.ofSeconds(10)).GET().build();
        return send(request);
    }

    /** Sends {@code request}; a follower's 307 to the leader is followed with the same method, body and token. */
    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            for (int hop = 0; hop < 3 && (response.statusCode() == 307 || response.statusCode() == 308); hop++) {
                URI next = request.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                request = HttpRequest.newBuilder(request, (name, value) -> true).uri(next).build();
                response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            }
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes every app, waits until their processes exited, stops the server and removes the data. */
    private void close() {
        if (server == null) { // it did not start
            if (dataDir != null) {
                deleteTree(dataDir);
            }
            return;
        }
        if (stopped) {
            startServer(); // a test that failed while the server was down: its instances still run
        }
        try {
            for (JsonNode app : get("/v1/apps").json()) {
                instances(app.get("name").asText());
                api("DELETE", "/v1/apps/" + app.get("name").asText(), null, null);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> get("/v1/apps").json().isEmpty());
            await().atMost(Duration.ofSeconds(30)).until(() -> pidsSeen.stream()
                    .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        } finally {
            pidsSeen.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            server.close();
            server = null;
            deleteTree(dataDir());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp dir
        }
    }

    /** An HTTP answer; status -1 when the connection failed. */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return Manifests.json().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }
}
