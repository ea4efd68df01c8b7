package io.cutover.controller.api;

import io.cutover.controller.engine.AppNotFoundException;
import io.cutover.controller.engine.AppChanges;
import io.cutover.controller.engine.DeploymentControls;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.InvalidManifestException;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.manifest.Problem;
import io.cutover.core.model.Instance;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/apps}: apply, read, scale, delete, instances, revisions, logs. */
final class AppsApi {

    private final Store store;
    private final AppChanges apps;
    private final DeploymentControls deployments;
    private final InstanceRuntime runtime;
    private final AppViews views;
    private final RoutePublisher routes;

    AppsApi(Store store, ApiServer.Operations operations, AppViews views, RoutePublisher routes) {
        this.routes = routes;
        this.store = store;
        this.apps = operations.apps();
        this.deployments = operations.deployments();
        this.runtime = operations.runtime();
        this.views = views;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/apps", Access.VIEWER, ctx -> ctx.json(store.apps().stream().map(views::app).toList()));
        endpoints.post("/v1/apps", Access.DEPLOYER, ctx -> apply(ctx, null));
        endpoints.put("/v1/apps/{name}", Access.DEPLOYER, ctx -> apply(ctx, ctx.pathParam("name")));
        endpoints.get("/v1/apps/{name}", Access.VIEWER, ctx -> ctx.json(views.app(app(ctx))));
        endpoints.delete("/v1/apps/{name}", Access.ADMIN, ctx -> ctx.status(202).json(views.app(apps.delete(ctx.pathParam("name")))));
        endpoints.post("/v1/apps/{name}/scale", Access.DEPLOYER, this::scale);
        endpoints.get("/v1/apps/{name}/instances", Access.VIEWER, ctx ->
                ctx.json(store.instances(app(ctx).name()).stream().map(views::instance).toList()));
        endpoints.get("/v1/apps/{name}/revisions", Access.VIEWER, ctx -> ctx.json(views.revisions(app(ctx))));
        endpoints.post("/v1/apps/{name}/rollback", Access.DEPLOYER, this::rollback);
        endpoints.get("/v1/apps/{name}/logs", Access.VIEWER, this::logs);
    }

    private AppRecord app(Context ctx) {
        String name = ctx.pathParam("name");
        return store.app(name).orElseThrow(() -> new AppNotFoundException(name));
    }

    private void apply(Context ctx, String pathName) {
        AppSpec spec = Manifests.parse(ctx.body());
        if (pathName != null && !pathName.equals(spec.name())) {
            throw new InvalidManifestException(List.of(new Problem("name",
                    "\"" + spec.name() + "\" does not match the app in the path, \"" + pathName + "\"")));
        }
        AppChanges.Applied applied = apps.apply(spec, "true".equals(ctx.queryParam("force")));
        var body = new java.util.LinkedHashMap<>(views.app(applied.app()));
        body.put("created", applied.created());
        body.put("revisionCreated", applied.revisionCreated());
        body.put("deployment", applied.deployment() == null ? null : applied.deployment().id());
        body.put("generation", applied.generation());
        RouteWait.ifAsked(ctx, routes.hub(), applied.generation()); // routes declared in the manifest are live
        ctx.status(applied.created() ? 201 : 200).json(body);
    }

    private void rollback(Context ctx) {
        app(ctx);
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = ctx.body().isBlank() ? Manifests.json().createObjectNode() : Manifests.json().readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("", "malformed JSON: " + e.getOriginalMessage());
        }
        Integer to = null;
        if (body.hasNonNull("to")) {
            if (!body.get("to").isIntegralNumber() || body.get("to").asInt() < 1) {
                throw new BadRequestException("to", body.get("to") + " (expected: a revision number, 1 or more)");
            }
            to = body.get("to").asInt();
        }
        DeploymentControls.Rollback done = deployments.rollback(ctx.pathParam("name"), to, "true".equals(ctx.queryParam("force")));
        var out = new java.util.LinkedHashMap<String, Object>();
        out.put("deployment", done.deployment() == null ? null : done.deployment().id());
        out.put("instant", done.instant());
        out.put("from", done.from());
        out.put("app", views.app(store.app(ctx.pathParam("name")).orElseThrow()));
        ctx.json(out);
    }

    private void scale(Context ctx) {
        app(ctx);
        com.fasterxml.jackson.databind.JsonNode body = RequestBodies.object(ctx);
        if (!body.has("instances") || !body.get("instances").canConvertToInt()
                || !body.get("instances").isIntegralNumber()) {
            throw new BadRequestException("instances", "is required and must be a whole number");
        }
        ctx.json(views.app(apps.scale(ctx.pathParam("name"), body.get("instances").asInt())));
    }

    private void logs(Context ctx) throws Exception {
        AppRecord app = app(ctx);
        int tail = intParam(ctx, "tail", 100);
        String only = ctx.queryParam("instance");
        List<Instance> instances = store.instances(app.name()).stream()
                .filter(i -> only == null || i.id().equals(only)).toList();
        if (only != null && instances.isEmpty()) {
            throw new BadRequestException("instance", "\"" + only + "\" is not an instance of app \"" + app.name() + "\"");
        }
        boolean follow = "true".equals(ctx.queryParam("follow"));
        InstanceLogs.write(ctx, runtime, instances, tail, follow);
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new BadRequestException(name, "\"" + value + "\" (expected: a whole number >= 0)");
        }
    }
}
