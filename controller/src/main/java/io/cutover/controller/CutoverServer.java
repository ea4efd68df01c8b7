package io.cutover.controller;

import io.cutover.controller.api.ApiServer;
import io.cutover.controller.auth.AdminTokenFile;
import io.cutover.controller.auth.Tokens;
import io.cutover.controller.api.tls.ApiTls;
import io.cutover.controller.engine.AppChanges;
import io.cutover.controller.engine.DeploymentControls;
import io.cutover.controller.engine.RouteChanges;
import io.cutover.controller.engine.Engine;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.ha.ControllerIdentity;
import io.cutover.controller.ha.LeaderView;
import io.cutover.controller.ha.Leadership;
import io.cutover.controller.store.ControllerRecord;
import io.cutover.core.ha.Lease;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.kubernetes.KubernetesRuntime;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.runtime.LocalRuntime;
import io.cutover.controller.runtime.RuntimeChoice;
import io.cutover.controller.store.Store;
import io.cutover.controller.store.StoreUrl;
import io.cutover.router.Router;
import io.cutover.router.RouterOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The controller with its embedded router, in this JVM.
 *
 * <p>Closing the server stops the API and the router; the app instances it started keep running, and a
 * server started later on the same data directory adopts them again.
 */
public final class CutoverServer implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CutoverServer.class);
    /** How long a pod may take to run, its image pulled, before its launch fails. */
    private static final java.time.Duration POD_START_TIMEOUT = java.time.Duration.ofMinutes(5);

    private final ServerOptions options;
    private final @Nullable Router router;
    private final RoutePublisher routes;
    private final Engine engine;
    private final InstanceRuntime runtime;
    private final ApiServer api;
    private final Leadership leadership;
    private final Store store;
    private final @Nullable Path adminTokenWritten;
    private final CountDownLatch closed = new CountDownLatch(1);

    private CutoverServer(ServerOptions options, Store store, @Nullable Router router, RoutePublisher routes, Engine engine,
            InstanceRuntime runtime, ApiServer api, Leadership leadership, @Nullable Path adminTokenWritten) {
        this.runtime = runtime;
        this.leadership = leadership;
        this.adminTokenWritten = adminTokenWritten;
        this.options = options;
        this.store = store;
        this.router = router;
        this.routes = routes;
        this.engine = engine;
        this.api = api;
    }

    /** Starts a server and returns once the API and the router listen. */
    public static CutoverServer start(ServerOptions options) {
        options.security().checkExposure(options.apiHost());
        // Unusable TLS files stop the start before anything else is opened.
        ApiTls tls = options.apiTls() == null ? null : ApiTls.load(options.apiTls());
        Clock clock = Clock.systemUTC();
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir); // whichever the store: a PostgreSQL one keeps no file there
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        // the data directory holds the admin token, the instances' logs and the revision-hash key whichever the store
        Store store = Store.open(options.withDataDir(dataDir).storeUrl());
        EventLog events = new EventLog(store, clock);
        Tokens tokens = new Tokens(store, events, clock);
        Path adminToken;
        try {
            adminToken = options.security().auth() ? AdminTokenFile.ensure(tokens, dataDir).orElse(null) : null;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Router router;
        try {
            router = options.routerEnabled() ? Router.start(routerOptions(options)) : null;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            String controllerId = ControllerIdentity.of(dataDir);
            AtomicReference<Leadership> leadership = new AtomicReference<>();
            RoutePublisher routes = new RoutePublisher(store, events, router, clock, options.routerTimeout());
            // every controller of the store knows the instances of the others: a new leader stops what none knows
            InstanceRuntime runtime = switch (options.runtime()) {
                case RuntimeChoice.Local local ->
                        new LocalRuntime(Path.of("").toAbsolutePath(), dataDir.resolve("logs"), "store:" + store.id());
                case RuntimeChoice.Kubernetes kubernetes ->
                        KubernetesRuntime.connect(kubernetes.namespace(), kubernetes.apiUrl(), POD_START_TIMEOUT,
                                kubernetes.identityImage());
            };
            Engine engine = new Engine(store, events, runtime, routes, clock);
            AppChanges apps = new AppChanges(store, events, engine, routes, clock, RevisionHashKey.of(dataDir),
                    runtime.kind());
            if (runtime instanceof KubernetesRuntime kubernetes) {
                kubernetes.watchApps(store, events, apps, engine::running, clock);
            }
            ApiServer.Operations operations = new ApiServer.Operations(apps, new DeploymentControls(store, engine, apps, clock),
                    new RouteChanges(store, events, routes, clock), runtime);
            ApiServer api = ApiServer.start(options.apiHost(), options.apiPort(), tls, store, events, operations, routes,
                    ControllerMetrics.create(store, routes, router, engine.passTimes()),
                    new ApiServer.Security(options.security().auth() ? tokens : null, options.security().metricsOpen()),
                    () -> leaderView(leadership.get(), controllerId));
            try {
                ControllerRecord self = new ControllerRecord(controllerId, advertised(options, api, tls != null),
                        ApiServer.VERSION, clock.instant(), clock.instant());
                leadership.set(Leadership.start(store, events, engine, routes.hub(), clock, options.ha().lease(), self));
            } catch (RuntimeException e) {
                api.close();
                engine.close();
                closeQuietly(runtime);
                routes.close();
                throw e;
            }
            return new CutoverServer(options.withDataDir(dataDir), store, router, routes, engine, runtime, api, leadership.get(),
                    adminToken);
        } catch (RuntimeException e) {
            if (router != null) {
                router.close();
            }
            store.close();
            throw e;
        }
    }

    /** The embedded router's options: its address, and its TLS listener when one is asked for. */
    private static RouterOptions routerOptions(ServerOptions options) {
        RouterOptions.Builder router = RouterOptions.builder().bindHost(options.routerHost()).port(options.routerPort());
        RouterTls tls = options.routerTls();
        if (tls != null) {
            router.tls(tls.host(), tls.port(), tls.directory());
        }
        return router.build();
    }

    private static LeaderView leaderView(@Nullable Leadership leadership, String controllerId) {
        return leadership == null ? new LeaderView(controllerId, false, 0, Lease.NONE) : leadership.view();
    }

    /** The address clients are sent to while this controller leads: --advertise-url, else where the API listens. */
    private static String advertised(ServerOptions options, ApiServer api, boolean tls) {
        if (options.ha().advertise() != null) {
            String url = options.ha().advertise().toString();
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
        String host = options.apiHost();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "https://" : "http://") + shown + ":" + api.address(options.apiHost()).getPort();
    }

    /** What this controller knows about leadership now: its role, its term, the lease. */
    public LeaderView leader() {
        return leadership.view();
    }

    /** The API's bound address. */
    public InetSocketAddress apiAddress() {
        return api.address(options.apiHost());
    }

    /** Every API endpoint with the roles that may call it (docs/security.md). */
    public java.util.List<ApiServer.Rule> apiRules() {
        return api.rules();
    }

    /** The embedded router's bound address, or null when the router is off. */
    public @Nullable InetSocketAddress routerAddress() {
        return router == null ? null : router.address();
    }

    /** Where the embedded router's TLS listener listens, or null when there is none. */
    public @Nullable InetSocketAddress routerTlsAddress() {
        return router == null ? null : router.tlsAddress();
    }

    /**
     * The file this start wrote a new admin token to ({@code <data-dir>/admin.token}), or null when the
     * store had one already or auth is off.
     */
    public @Nullable Path adminTokenWritten() {
        return adminTokenWritten;
    }

    /** The admin token file in the data directory (it may not exist: auth off, or deleted). */
    public Path adminTokenFile() {
        return options.dataDir().resolve(AdminTokenFile.NAME);
    }

    /** The store this server opened. */
    public StoreUrl storeUrl() {
        return options.storeUrl();
    }

    /** The data directory, absolute. */
    public Path dataDir() {
        return options.dataDir();
    }

    /** Blocks until {@link #close()} was called (from a shutdown hook, say). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        api.close();
        leadership.close();
        engine.close();
        closeQuietly(runtime);
        routes.close();
        if (router != null) {
            router.close();
        }
        store.close();
        closed.countDown();
    }

    /** Closes what a runtime holds (Kubernetes: its watches and client); the instances keep running. */
    private static void closeQuietly(InstanceRuntime runtime) {
        if (runtime instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the instance runtime failed: {}", e.toString());
            }
        }
    }
}
