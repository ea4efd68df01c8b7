package io.cutover.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.engine.Apps;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.Manifests;
import io.javalin.Javalin;
import io.javalin.http.Context;

/** {@code /v1/routes}: list, map, unmap. */
final class RoutesApi {

    private final Store store;
    private final Apps apps;
    private final RoutePublisher routes;

    RoutesApi(Store store, Apps apps, RoutePublisher routes) {
        this.store = store;
        this.apps = apps;
        this.routes = routes;
    }

    void register(Javalin javalin) {
        javalin.get("/v1/routes", ctx -> {
            long generation = routes.current().generation();
            ctx.json(store.routes().stream().map(r -> Apps.describe(r, generation)).toList());
        });
        javalin.post("/v1/routes", this::map);
        javalin.delete("/v1/routes/{host}", ctx -> {
            var removed = apps.unmapRoute(ctx.pathParam("host"));
            RouteWait.ifAsked(ctx, routes.hub(), (Long) removed.get("generation"));
            ctx.json(removed);
        });
    }

    private void map(Context ctx) {
        JsonNode body;
        try {
            body = Manifests.json().readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("", "malformed JSON: " + e.getOriginalMessage());
        }
        String host = text(body, "host");
        String app = text(body, "app");
        var mapped = apps.mapRoute(host, app);
        RouteWait.ifAsked(ctx, routes.hub(), (Long) mapped.get("generation"));
        ctx.status(201).json(mapped);
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.hasNonNull(field) || !body.get(field).isTextual() || body.get(field).asText().isBlank()) {
            throw new BadRequestException(field, "is required");
        }
        return body.get(field).asText();
    }
}
