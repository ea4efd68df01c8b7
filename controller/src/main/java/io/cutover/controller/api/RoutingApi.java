package io.cutover.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.routing.RoutingHub;
import io.cutover.core.manifest.Manifests;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.HashMap;
import java.util.Map;

/** The routers' side of the API: the watch stream, acknowledgements, heartbeats; and the router list. */
final class RoutingApi {

    private final RoutePublisher routes;

    RoutingApi(RoutePublisher routes) {
        this.routes = routes;
    }

    void register(Javalin javalin) {
        javalin.sse("/v1/routing/watch", this::watch);
        javalin.post("/v1/routing/acks", this::ack);
        javalin.post("/v1/routing/heartbeats", this::heartbeat);
        javalin.get("/v1/routing/table", ctx -> ctx.json(routes.current()));
        javalin.get("/v1/routers", ctx -> ctx.json(routes.hub().describe()));
    }

    private void watch(SseClient client) {
        Context ctx = client.ctx();
        String router = ctx.queryParam("router");
        String address = ctx.queryParam("address");
        if (router == null || router.isBlank()) {
            client.sendEvent("error", "{\"error\": \"invalid_request\", \"message\": \"router: is required\"}");
            return;
        }
        RoutingHub.Connection connection = routes.hub().open(router, address == null ? "" : address, client);
        try {
            connection.awaitEnd(); // the stream stays open; events are written by the hub
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            routes.hub().disconnected(connection);
        }
    }

    private void ack(Context ctx) {
        JsonNode body = body(ctx);
        String router = text(body, "router");
        if (!body.path("generation").canConvertToLong()) {
            throw new BadRequestException("generation", "is required and must be a whole number");
        }
        String error = body.hasNonNull("error") ? body.get("error").asText() : null;
        routes.hub().acknowledged(router, body.get("generation").asLong(), error);
        ctx.status(204);
    }

    private void heartbeat(Context ctx) {
        JsonNode body = body(ctx);
        String router = text(body, "router");
        Map<String, Integer> inFlight = new HashMap<>();
        body.path("inFlight").fields().forEachRemaining(e -> inFlight.put(e.getKey(), e.getValue().asInt()));
        boolean live = routes.hub().heartbeat(router, body.path("address").asText(""), inFlight,
                body.hasNonNull("revisions") ? body.get("revisions") : null);
        ctx.json(Map.of("live", live));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = Manifests.json().readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new BadRequestException("", "expected a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequestException("", "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        if (!body.hasNonNull(field) || body.get(field).asText().isBlank()) {
            throw new BadRequestException(field, "is required");
        }
        return body.get(field).asText();
    }
}
