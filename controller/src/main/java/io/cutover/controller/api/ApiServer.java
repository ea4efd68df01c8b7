package io.cutover.controller.api;

import io.cutover.controller.auth.TokenNotFoundException;
import io.cutover.controller.certs.CertificateNotFoundException;
import io.cutover.controller.certs.Certificates;
import io.cutover.controller.auth.Tokens;
import io.cutover.controller.api.tls.ApiTls;
import io.cutover.controller.engine.AppNotFoundException;
import io.cutover.controller.engine.AppChanges;
import io.cutover.controller.engine.DeploymentControls;
import io.cutover.controller.engine.RouteChanges;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.engine.ConflictException;
import io.cutover.controller.engine.DeploymentNotFoundException;
import io.cutover.controller.engine.RouteNotFoundException;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.routing.RouterClaimException;
import io.cutover.controller.ha.LeaderView;
import io.cutover.controller.store.NotLeadingException;
import io.cutover.controller.store.Store;
import io.cutover.core.auth.Role;
import io.cutover.core.manifest.InvalidManifestException;
import io.cutover.core.manifest.Manifests;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST API under {@code /v1}, plus {@code /healthz} and {@code /metrics} (docs/api.md). */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** The version the API reports. */
    public static final String VERSION = "0.1.0";

    private final Javalin javalin;
    private final List<Endpoints.Endpoint> endpoints;

    private ApiServer(Javalin javalin, List<Endpoints.Endpoint> endpoints) {
        this.javalin = javalin;
        this.endpoints = endpoints;
    }

    /**
     * What the API's endpoints call besides the store: changes to apps, controls of deployments, changes
     * to routes, and the runtime for instances' output.
     */
    public record Operations(AppChanges apps, DeploymentControls deployments, RouteChanges routes, InstanceRuntime runtime) {}

    /**
     * Who may call the API (docs/security.md).
     *
     * @param tokens the tokens callers authenticate with; null when the server runs with {@code --auth none}
     *     (loopback only)
     * @param metricsOpen whether {@code /metrics} answers without a token
     */
    public record Security(@Nullable Tokens tokens, boolean metricsOpen) {}

    /**
     * Starts the API on {@code host:port} (0 for a free port), over HTTPS when {@code tls} is given.
     *
     * @param leader what this controller knows about leadership: a follower sends changes to the leader
     */
    public static ApiServer start(String host, int port, @Nullable ApiTls tls, Store store, EventLog events, Operations operations,
            RoutePublisher routes, PrometheusMeterRegistry metrics, Security security, Supplier<LeaderView> leader) {
        AppViews views = new AppViews(store, routes);
        AppsApi appsApi = new AppsApi(store, operations, views, routes);
        RoutesApi routesApi = new RoutesApi(store, operations.routes(), routes);
        EventsApi eventsApi = new EventsApi(events);
        DeploymentsApi deploymentsApi = new DeploymentsApi(store, operations.apps(), operations.deployments());
        RoutingApi routingApi = new RoutingApi(routes);
        Javalin javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(Manifests.json(), true));
            config.http.maxRequestSize = 1_000_000L;
            if (tls != null) {
                tls.configure(config, host, port);
            }
        });
        javalin.beforeMatched(new Authenticator(security.tokens(), security.metricsOpen()));
        javalin.beforeMatched(new LeaderGate(leader, Clock.systemUTC()));
        Endpoints endpoints = new Endpoints(javalin);
        new ControllersApi(store, leader, Clock.systemUTC()).register(endpoints);
        endpoints.get("/metrics", Access.METRICS,
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        appsApi.register(endpoints);
        routesApi.register(endpoints);
        eventsApi.register(endpoints);
        deploymentsApi.register(endpoints);
        routingApi.register(endpoints);
        new DashboardApi().register(endpoints);
        new TrafficApi(store, routes).register(endpoints);
        new CertificatesApi(new Certificates(store, routes, events, Clock.systemUTC()), Clock.systemUTC()).register(endpoints);
        if (security.tokens() != null) {
            new TokensApi(security.tokens()).register(endpoints);
        }
        registerErrors(javalin);
        javalin.start(host, port);
        return new ApiServer(javalin, endpoints.all());
    }

    /**
     * One endpoint's access rule, as docs/security.md lists it.
     *
     * @param path Javalin's path, {@code /v1/apps/{name}}
     * @param permitted the roles whose tokens may call it; empty when it is open to anyone
     * @param metrics whether it is {@code /metrics}, open with {@code --metrics-open}
     */
    public record Rule(String method, String path, List<Role> permitted, boolean metrics) {}

    /** Every endpoint with its access rule, in the order registered. */
    public List<Rule> rules() {
        return endpoints.stream().map(e -> new Rule(e.method(), e.path(), e.access().permitted(), e.access() == Access.METRICS))
                .toList();
    }

    /** The bound address. */
    public InetSocketAddress address(String host) {
        return new InetSocketAddress(host, javalin.port());
    }

    @Override
    public void close() {
        javalin.stop();
    }

    private static void registerErrors(Javalin javalin) {
        javalin.exception(Authenticator.AccessDeniedException.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"cutover\"");
            }
            error(ctx, e.status(), new ApiError(e.status() == 401 ? "unauthorized" : "forbidden", e.getMessage(), List.of()));
        });
        javalin.exception(RouterClaimException.class, (e, ctx) -> error(ctx, e.status(),
                new ApiError(e.status() == 401 ? "unauthorized" : "conflict", e.getMessage(), List.of())));
        javalin.exception(TokenNotFoundException.class, (e, ctx) -> error(ctx, 404,
                new ApiError("not_found", e.getMessage(), List.of())));
        javalin.exception(CertificateNotFoundException.class, (e, ctx) -> error(ctx, 404,
                new ApiError("not_found", e.getMessage(), List.of())));
        javalin.exception(InvalidManifestException.class, (e, ctx) -> error(ctx, 400, new ApiError("invalid_manifest",
                e.problems().size() == 1 ? e.getMessage() : e.problems().size() + " problems in the manifest",
                e.problems())));
        javalin.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400,
                new ApiError("invalid_request", e.getMessage(), e.problems())));
        javalin.exception(AppNotFoundException.class, (e, ctx) -> error(ctx, 404,
                new ApiError("not_found", e.getMessage(), List.of())));
        javalin.exception(DeploymentNotFoundException.class, (e, ctx) -> error(ctx, 404,
                new ApiError("not_found", e.getMessage(), List.of())));
        javalin.exception(io.cutover.controller.engine.RevisionNotFoundException.class, (e, ctx) -> error(ctx, 404,
                new ApiError("not_found", e.getMessage(), List.of())));
        javalin.exception(RouteNotFoundException.class, (e, ctx) -> error(ctx, 404,
                new ApiError("not_found", e.getMessage(), List.of())));
        javalin.exception(NotLeadingException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            error(ctx, 503, new ApiError("not_leader", e.getMessage(), List.of()));
        });
        javalin.exception(ConflictException.class, (e, ctx) -> error(ctx, 409,
                new ApiError("conflict", e.getMessage(), e.problems())));
        javalin.exception(RouteWait.RoutersLaggingException.class, (e, ctx) -> error(ctx, 504,
                new ApiError("routers_lagging", e.getMessage(), e.routers())));
        javalin.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, new ApiError("internal", "internal error: " + e, List.of()));
        });
        javalin.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, new ApiError("not_found", "no such endpoint: " + ctx.method() + " " + ctx.path(), List.of()));
            }
        });
        javalin.error(405, ctx -> error(ctx, 405, new ApiError("invalid_request",
                ctx.method() + " is not allowed on " + ctx.path(), List.of())));
    }

    private static void error(Context ctx, int status, ApiError body) {
        ctx.status(status).json(body);
    }
}
