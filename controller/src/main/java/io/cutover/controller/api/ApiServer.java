package io.cutover.controller.api;

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
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.InvalidManifestException;
import io.cutover.core.manifest.Manifests;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The REST API under {@code /v1}, plus {@code /healthz} and {@code /metrics} (docs/api.md). */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** The version the API reports. */
    public static final String VERSION = "0.1.0";

    private final Javalin javalin;

    private ApiServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * What the API's endpoints call besides the store: changes to apps, controls of deployments, changes
     * to routes, and the runtime for instances' output.
     */
    public record Operations(AppChanges apps, DeploymentControls deployments, RouteChanges routes, InstanceRuntime runtime) {}

    /** Starts the API on {@code host:port} (0 for a free port), over HTTPS when {@code tls} is given. */
    public static ApiServer start(String host, int port, @Nullable ApiTls tls, Store store, EventLog events, Operations operations,
            RoutePublisher routes, PrometheusMeterRegistry metrics) {
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
        javalin.get("/healthz", ctx -> ctx.json(Map.of("status", "ok", "version", VERSION)));
        javalin.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        appsApi.register(javalin);
        routesApi.register(javalin);
        eventsApi.register(javalin);
        deploymentsApi.register(javalin);
        routingApi.register(javalin);
        registerErrors(javalin);
        javalin.start(host, port);
        return new ApiServer(javalin);
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
