package io.cutover.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.router.RouterClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The demo's maintenance window: the app's route goes into maintenance (confirmed by the router), every
 * path and method gets the router's own answer — JSON, HTML or text by {@code Accept} — while an
 * operator's bypass header still reaches the app; then it serves the app again. Fails the demo when any
 * answer is not what it should be.
 */
final class MaintenanceWindow {

    private static final String SECRET = "demo-secret";

    private final ApiClient api;
    private final PrintWriter out;
    private final RouterClient router;

    MaintenanceWindow(ApiClient api, PrintWriter out, InetSocketAddress router) {
        this.api = api;
        this.out = out;
        this.router = new RouterClient(router, Duration.ofSeconds(10));
    }

    void run() {
        out.println("a maintenance window on " + DemoApp.HOST + ": the router answers every request itself, an operator's"
                + " header still reaches the app");
        ObjectNode body = ApiClient.json().createObjectNode().put("message", "Upgrading the database, back in 5 minutes.")
                .put("retryAfter", 300);
        body.putObject("bypass").put("header", "X-Ops").put("secret", SECRET);
        JsonNode on = api.put("/v1/routes/" + DemoApp.HOST + "/maintenance?wait=true", body).json();
        out.println("  maintenance on (generation " + on.path("generation").asText() + ", applied by the router)");
        expect("GET /login", send("GET", "/login", "text/html", false), 503, "<!doctype html>");
        expect("POST /api/x", send("POST", "/api/x", "application/json", false), 503, "\"retryAfter\": 300");
        expect("GET /app?view=dashboard", send("GET", "/app?view=dashboard", null, false), 503, "Upgrading the database");
        expect("GET /endpoint0 with X-Ops", send("GET", "/endpoint0", null, true), 200, "\"version\": \"" + DemoApp.BLUE_GREEN_VERSION + "\"");
        JsonNode off = api.delete("/v1/routes/" + DemoApp.HOST + "/maintenance?wait=true").json();
        out.println("  maintenance off (generation " + off.path("generation").asText() + ")");
        expect("GET /endpoint0", send("GET", "/endpoint0", null, false), 200, "all is well");
        out.flush();
    }

    private void expect(String what, RouterClient.Answer answer, int status, String contains) {
        String body = answer.body().strip();
        String shown = body.lines().filter(l -> l.contains(contains)).findFirst().orElse(body.lines().findFirst().orElse(""));
        out.println("  " + what + " → " + answer.status() + " " + (shown.length() > 120 ? shown.substring(0, 120) + "…" : shown));
        if (answer.status() != status || !body.contains(contains)) {
            throw CliFailure.failed(what + " answered " + answer.status() + " (expected " + status + " with \"" + contains
                    + "\"): " + body);
        }
    }

    private RouterClient.Answer send(String method, String path, @Nullable String accept, boolean bypass) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (accept != null) {
            headers.put("Accept", accept);
        }
        if (bypass) {
            headers.put("X-Ops", SECRET);
        }
        try {
            return router.send(method, DemoApp.HOST, path, headers, method.equals("POST") ? "{\"order\": 1}" : null);
        } catch (IOException e) {
            throw CliFailure.failed(method + " " + path + " through the router failed: " + e);
        }
    }
}
