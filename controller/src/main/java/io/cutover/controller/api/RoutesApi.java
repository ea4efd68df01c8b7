package io.cutover.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.engine.RouteChanges;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code /v1/routes}: list, map, unmap. */
final class RoutesApi {

    private final Store store;
    private final RouteChanges changes;
    private final RoutePublisher routes;

    RoutesApi(Store store, RouteChanges changes, RoutePublisher routes) {
        this.store = store;
        this.changes = changes;
        this.routes = routes;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/routes", Access.VIEWER, ctx -> {
            long generation = routes.current().generation();
            var maintenance = store.maintenance();
            ctx.json(store.routes().stream().map(r -> RouteViews.describe(r, generation,
                    maintenance.get(new RouteKey(r.host(), r.pathPrefix())))).toList());
        });
        endpoints.put("/v1/routes/{host}/maintenance", Access.DEPLOYER, ctx -> {
            var changed = changes.maintenance(ctx.pathParam("host"), maintenance(ctx.body()));
            RouteWait.ifAsked(ctx, routes.hub(), changed.generation());
            ctx.json(RouteViews.describe(changed));
        });
        endpoints.delete("/v1/routes/{host}/maintenance", Access.DEPLOYER, ctx -> {
            var changed = changes.maintenance(ctx.pathParam("host"), null);
            RouteWait.ifAsked(ctx, routes.hub(), changed.generation());
            ctx.json(RouteViews.describe(changed));
        });
        endpoints.post("/v1/routes", Access.DEPLOYER, this::map);
        endpoints.delete("/v1/routes/{host}", Access.DEPLOYER, ctx -> {
            var removed = changes.unmapRoute(ctx.pathParam("host"));
            RouteWait.ifAsked(ctx, routes.hub(), removed.generation());
            ctx.json(RouteViews.describe(removed));
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
        var mapped = changes.mapRoute(host, app);
        RouteWait.ifAsked(ctx, routes.hub(), mapped.generation());
        ctx.status(201).json(RouteViews.describe(mapped));
    }

    private static final java.util.Set<String> MAINTENANCE_FIELDS = java.util.Set.of("status", "message", "retryAfter", "json",
            "headers", "bypass");

    /** The maintenance a {@code PUT .../maintenance} body asks for; every field is optional. */
    static Maintenance maintenance(String text) {
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? Manifests.json().createObjectNode() : Manifests.json().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("", "malformed JSON: " + e.getOriginalMessage());
        }
        if (!body.isObject()) {
            throw new BadRequestException("", "expected a JSON object");
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!MAINTENANCE_FIELDS.contains(name)) {
                throw new BadRequestException(name, "unknown field (expected: one of status, message, retryAfter, json, headers, bypass)");
            }
        });
        Integer status = integer(body, "status");
        Integer retryAfter = integer(body, "retryAfter");
        String message = null;
        if (body.hasNonNull("message")) {
            if (!body.get("message").isTextual()) {
                throw new BadRequestException("message", "expected a string");
            }
            message = body.get("message").asText();
        }
        String json = body.hasNonNull("json") ? body.get("json").toString() : null;
        Map<String, String> headers = new LinkedHashMap<>();
        if (body.hasNonNull("headers")) {
            if (!body.get("headers").isObject()) {
                throw new BadRequestException("headers", "expected an object of header names to values");
            }
            body.get("headers").fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    throw new BadRequestException("headers." + e.getKey(), "expected a string");
                }
                headers.put(e.getKey(), e.getValue().asText());
            });
        }
        String bypassHeader = null;
        String bypassSha256 = null;
        if (body.hasNonNull("bypass")) {
            JsonNode bypass = body.get("bypass");
            if (!bypass.isObject() || !bypass.path("header").isTextual() || !bypass.path("secret").isTextual()
                    || bypass.path("secret").asText().isEmpty()) {
                throw new BadRequestException("bypass", "expected {\"header\": NAME, \"secret\": SECRET}, both non-empty");
            }
            bypassHeader = bypass.get("header").asText();
            bypassSha256 = Maintenance.sha256(bypass.get("secret").asText());
        }
        Maintenance maintenance = new Maintenance(status, message, retryAfter, json, headers, bypassHeader, bypassSha256, false);
        if (!maintenance.problems().isEmpty()) {
            throw new BadRequestException(maintenance.problems());
        }
        return maintenance;
    }

    private static @Nullable Integer integer(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            return null;
        }
        if (!body.get(field).canConvertToInt() || !body.get(field).isIntegralNumber()) {
            throw new BadRequestException(field, body.get(field) + " (expected: a whole number)");
        }
        return body.get(field).asInt();
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.hasNonNull(field) || !body.get(field).isTextual() || body.get(field).asText().isBlank()) {
            throw new BadRequestException(field, "is required");
        }
        return body.get(field).asText();
    }
}
