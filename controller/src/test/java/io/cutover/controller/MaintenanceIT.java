package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import io.cutover.controller.testing.Traffic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Maintenance mode and the recreate strategy's gap, through the server's API and its router. */
class MaintenanceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private Response on(String route, String body) {
        return server.api("PUT", "/v1/routes/" + route + "/maintenance?wait=true", body, "application/json");
    }

    private HttpResponse<String> request(String host, String method, String path, String accept, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.routerPort() + path))
                .header("Host", host).method(method, method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofString("{\"x\": 1}") : HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPathAndMethodGetsTheMaintenanceAnswerOnceItReturnsAndTheBypassReachesTheApp() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));

        Response turnedOn = on("hello.localhost", """
                {"message": "Upgrading the database.", "retryAfter": 300, "headers": {"Cache-Control": "no-store"},
                 "bypass": {"header": "X-Ops", "secret": "s3cret"}}""");
        assertThat(turnedOn.status()).as(turnedOn.body()).isEqualTo(200);
        assertThat(turnedOn.json().at("/maintenance/status").asInt()).isEqualTo(503);
        assertThat(turnedOn.body()).as("the secret stays with the controller").doesNotContain("s3cret");

        // seed 002's paths, right after the call returned
        for (String[] call : new String[][] {{"GET", "/"}, {"GET", "/login"}, {"GET", "/app?view=dashboard"}, {"POST", "/api/x"}}) {
            HttpResponse<String> answer = request("hello.localhost", call[0], call[1], null);
            assertThat(answer.statusCode()).as(call[0] + " " + call[1]).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("Upgrading the database.\n");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("300");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        assertThat(request("hello.localhost", "GET", "/", "application/json").body())
                .isEqualTo("{\"status\": 503, \"message\": \"Upgrading the database.\", \"retryAfter\": 300}\n");
        assertThat(request("hello.localhost", "GET", "/", "text/html,*/*;q=0.8").body()).startsWith("<!doctype html>")
                .contains("Upgrading the database.");
        HttpResponse<String> operator = request("hello.localhost", "GET", "/endpoint0", null, "X-Ops", "s3cret");
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.body()).contains("\"version\": \"1.0\"");

        JsonNode listed = server.get("/v1/routes").json().get(0);
        assertThat(listed.at("/maintenance/bypassHeader").asText()).isEqualTo("X-Ops");
        assertThat(server.get("/v1/events?app=hello").body()).contains("route_maintenance");

        Response off = server.api("DELETE", "/v1/routes/hello.localhost/maintenance?wait=true", null, null);
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().get("maintenance").isNull()).isTrue();
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).as("right after off returned").isEqualTo(200);
    }

    @Test
    void worksOnARouteWhoseAppHasNoInstances() throws Exception {
        server.deploy(RunningServer.simpleservice("idle", 0, "1.0", ""));
        assertThat(server.viaRouter("idle.localhost", "/").status()).isEqualTo(503);

        assertThat(on("idle.localhost", "{\"status\": 200, \"json\": {\"state\": \"closed for the night\"}}").status()).isEqualTo(200);

        HttpResponse<String> answer = request("idle.localhost", "GET", "/anything", "application/json");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"state\":\"closed for the night\"}\n");
        assertThat(answer.headers().firstValue("X-Cutover-Maintenance")).hasValue("on");
    }

    @Test
    void refusesMaintenanceThatMakesNoSenseAndChangesNothing() {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        long generation = server.get("/v1/routes").json().get(0).get("generation").asLong();

        for (String[] bad : new String[][] {
                {"{\"status\": 700}", "status"},
                {"{\"retryAfter\": -1}", "retryAfter"},
                {"{\"mesage\": \"typo\"}", "mesage"},
                {"{\"headers\": {\"Content-Length\": \"3\"}}", "headers.Content-Length"},
                {"{\"bypass\": {\"header\": \"X-Ops\"}}", "bypass"},
                {"not json", "malformed JSON"}}) {
            Response refused = on("hello.localhost", bad[0]);
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            assertThat(refused.json().get("error").asText()).as(bad[0]).isEqualTo("invalid_request");
            assertThat(refused.body()).as(bad[0]).contains(bad[1]);
        }
        assertThat(on("nowhere.localhost", "{}").status()).isEqualTo(404);
        assertThat(server.get("/v1/routes").json().get(0).get("maintenance").isNull()).isTrue();
        assertThat(server.get("/v1/routes").json().get(0).get("generation").asLong()).as("nothing published").isEqualTo(generation);
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).isEqualTo(200);
    }

    @Test
    void recreateServesOnlyTheMaintenanceAnswerInItsGapNeverA502() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", "strategy: {type: recreate}\n"));

        try (Traffic traffic = Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().containsKey("1.0"));
            long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0", "strategy: {type: recreate}\n")));
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().containsKey("2.0"));
            traffic.close();
            assertThat(traffic.failed()).as("failed requests (not maintenance answers): %s", traffic.failures()).isZero();
            assertThat(traffic.maintenance()).as("the gap between old and new was answered with maintenance").isPositive();
            assertThat(traffic.versions()).containsKeys("1.0", "2.0");
        }
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).as("the gap is over").isEqualTo(200);
    }
}
