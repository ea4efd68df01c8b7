package io.cutover.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.cli.ApiClient;
import io.cutover.cli.CliFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
    private final int routerPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    MaintenanceWindow(ApiClient api, PrintWriter out, int routerPort) {
        this.api = api;
        this.out = out;
        this.routerPort = routerPort;
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

    private void expect(String what, HttpResponse<String> answer, int status, String contains) {
        String body = answer.body().strip();
        String shown = body.lines().filter(l -> l.contains(contains)).findFirst().orElse(body.lines().findFirst().orElse(""));
        out.println("  " + what + " → " + answer.statusCode() + " " + (shown.length() > 120 ? shown.substring(0, 120) + "…" : shown));
        if (answer.statusCode() != status || !body.contains(contains)) {
            throw CliFailure.failed(what + " answered " + answer.statusCode() + " (expected " + status + " with \"" + contains
                    + "\"): " + body);
        }
    }

    private HttpResponse<String> send(String method, String path, String accept, boolean bypass) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + path))
                .header("Host", DemoApp.HOST).timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"order\": 1}")
                        : HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (bypass) {
            request.header("X-Ops", SECRET);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw CliFailure.failed(method + " " + path + " through the router failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }
}
