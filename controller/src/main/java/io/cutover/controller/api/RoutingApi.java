package io.cutover.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.routing.RouterClaimException;
import io.cutover.controller.routing.RouterConnection;
import io.cutover.controller.store.ApiToken;
import io.cutover.core.auth.Role;
import io.cutover.core.manifest.Manifests;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The routers' side of the API: the watch stream, acknowledgements, heartbeats; and the router list. */
final class RoutingApi {

    /** More certificates than one heartbeat may list; a directory of this many is past any real use. */
    private static final int MAX_CERTIFICATES = 10_000;

    private final RoutePublisher routes;

    RoutingApi(RoutePublisher routes) {
        this.routes = routes;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/routing/watch", Access.ROUTER, this::watch);
        endpoints.post("/v1/routing/acks", Access.ROUTER, this::ack);
        endpoints.post("/v1/routing/heartbeats", Access.ROUTER, this::heartbeat);
        endpoints.get("/v1/routing/table", Access.VIEWER_OR_ROUTER, ctx -> {
            ApiToken caller = ctx.attribute(Authenticator.CALLER);
            boolean router = caller != null && caller.role() == Role.ROUTER;
            ctx.json(router ? routes.current() : routes.current().withoutKeys()); // private keys reach routers only
        });
        endpoints.get("/v1/routers", Access.VIEWER, ctx -> ctx.json(routes.hub().describe()));
    }

    /** Refuses a bad or taken router id with a status before the stream starts; then streams the tables. */
    private void watch(Context ctx) throws Exception {
        String router = ctx.queryParam("router");
        String address = ctx.queryParam("address");
        if (router == null || router.isBlank()) {
            throw new BadRequestException("router", "is required");
        }
        String token = Endpoints.callerName(ctx);
        if (!routes.hub().fresh()) {
            // just elected: the route table of this term is being made from the store; the router keeps its own
            ctx.status(503).header("Retry-After", "1").json(new ApiError("not_ready",
                    "this controller leads but has not published the route table of its term yet; retry", List.of()));
            return;
        }
        routes.hub().checkClaim(router, token);
        new SseHandler(client -> stream(client, router, address == null ? "" : address, token)).handle(ctx);
    }

    private void stream(SseClient client, String router, String address, @Nullable String token) {
        RouterConnection connection;
        try {
            connection = routes.hub().open(router, address, client, token);
        } catch (RouterClaimException e) { // claimed between the check and now
            client.sendEvent("error", Manifests.toJson(new ApiError("conflict", e.getMessage(), List.of())));
            return;
        }
        try {
            connection.awaitEnd(); // the stream stays open; events are written by the hub
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            routes.hub().disconnected(connection);
        }
    }

    private void ack(Context ctx) {
        JsonNode body = RequestBodies.object(ctx);
        String router = RequestBodies.text(body, "router");
        if (!body.path("generation").canConvertToLong()) {
            throw new BadRequestException("generation", "is required and must be a whole number");
        }
        String error = body.hasNonNull("error") ? body.get("error").asText() : null;
        routes.hub().acknowledged(router, body.get("generation").asLong(), error, Endpoints.callerName(ctx));
        ctx.status(204);
    }

    private void heartbeat(Context ctx) {
        JsonNode body = RequestBodies.object(ctx);
        String router = RequestBodies.text(body, "router");
        Map<String, Integer> inFlight = new HashMap<>();
        body.path("inFlight").fields().forEachRemaining(e -> inFlight.put(e.getKey(), e.getValue().asInt()));
        boolean live = routes.hub().heartbeat(router, body.path("address").asText(""), inFlight,
                body.hasNonNull("revisions") ? body.get("revisions") : null,
                certificates(body), Endpoints.callerName(ctx));
        ctx.json(Map.of("live", live));
    }

    /**
     * The certificates a heartbeat lists, checked, so what {@code /v1/routers} and {@code cutover certs}
     * show is well-formed: each with a name, hosts, a serial and an ISO-8601 {@code notAfter}.
     */
    static @Nullable JsonNode certificates(JsonNode body) {
        JsonNode certificates = body.get("certificates");
        if (certificates == null || certificates.isNull()) {
            return null;
        }
        if (!certificates.isArray() || certificates.size() > MAX_CERTIFICATES) {
            throw new BadRequestException("certificates", "expected a list of at most " + MAX_CERTIFICATES + " certificates");
        }
        for (int i = 0; i < certificates.size(); i++) {
            JsonNode c = certificates.get(i);
            String at = "certificates[" + i + "]";
            if (!c.path("name").isTextual() || !c.path("serial").isTextual() || !c.path("hosts").isArray()) {
                throw new BadRequestException(at, "expected {name, hosts, serial, notAfter}");
            }
            for (JsonNode host : c.get("hosts")) {
                if (!host.isTextual()) {
                    throw new BadRequestException(at + ".hosts", "expected host names");
                }
            }
            try {
                java.time.Instant.parse(c.path("notAfter").asText());
            } catch (java.time.format.DateTimeParseException e) {
                throw new BadRequestException(at + ".notAfter", "'" + c.path("notAfter").asText() + "' (expected: an ISO-8601 instant)");
            }
        }
        return certificates;
    }
}
