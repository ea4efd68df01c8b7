package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every bad request gets a 4xx naming the field and the problem, and changes nothing. */
class BadInputIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private String state() {
        return server.get("/v1/apps").body() + server.get("/v1/routes").body();
    }

    private JsonNode rejected(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }

    @Test
    void rejectsBadManifestsWithTheFieldAndChangesNothing() {
        server.apply("name: taken\nrun: {command: sleep 600}\ninstances: 0\nroutes: [shared]\n");
        String before = state();

        JsonNode malformed = rejected(server.apply("name: a\nrun: {command: x\n"), 400);
        assertThat(malformed.get("error").asText()).isEqualTo("invalid_manifest");
        assertThat(malformed.get("details").get(0).get("problem").asText()).startsWith("malformed manifest at line");

        JsonNode unknown = rejected(server.apply("name: a\nrun: {command: x}\nreplicas: 3\n"), 400);
        assertThat(unknown.get("details").get(0).get("field").asText()).isEqualTo("replicas");
        assertThat(unknown.get("details").get(0).get("problem").asText()).isEqualTo("unknown field");

        JsonNode negative = rejected(server.apply("name: a\nrun: {command: x}\ninstances: -1\n"), 400);
        assertThat(negative.get("details").get(0).get("field").asText()).isEqualTo("instances");
        assertThat(negative.get("message").asText()).contains("instances: -1 (expected: 0..1000)");

        JsonNode empty = rejected(server.apply("name: a\nrun: {command: \"\"}\n"), 400);
        assertThat(empty.get("details").get(0).get("field").asText()).isEqualTo("run.command");

        JsonNode duplicate = rejected(server.apply("name: a\nrun: {command: x}\nroutes: [a, a]\n"), 400);
        assertThat(duplicate.get("details").get(0).get("field").asText()).isEqualTo("routes[1]");

        JsonNode image = rejected(server.apply("name: a\nrun: {image: registry.example/a:1}\nkubernetes: {labels: {team: web}}\n"), 400);
        assertThat(image.get("details").findValuesAsText("field")).containsExactly("run.image", "kubernetes");
        assertThat(image.get("details").get(0).get("problem").asText()).contains("this server runs local processes");

        JsonNode owned = rejected(server.apply("name: a\nrun: {command: x}\nroutes: [shared.localhost]\n"), 409);
        assertThat(owned.get("details").get(0).get("field").asText()).isEqualTo("routes[0]");
        assertThat(owned.get("message").asText()).contains("already routed to app \"taken\"");

        assertThat(state()).isEqualTo(before);
        assertThat(server.get("/v1/apps/a").status()).isEqualTo(404);
    }

    @Test
    void rejectsBadRequestsOnAppsAndRoutes() {
        server.apply("name: taken\nrun: {command: sleep 600}\ninstances: 0\n");
        String before = state();

        JsonNode missing = rejected(server.get("/v1/apps/nope"), 404);
        assertThat(missing.get("message").asText()).isEqualTo("app \"nope\" not found");
        rejected(server.api("POST", "/v1/apps/nope/scale", "{\"instances\": 2}", "application/json"), 404);
        rejected(server.api("DELETE", "/v1/apps/nope", null, null), 404);
        rejected(server.get("/v1/apps/nope/instances"), 404);
        rejected(server.get("/v1/apps/nope/logs"), 404);
        JsonNode negative = rejected(server.api("POST", "/v1/apps/taken/scale", "{\"instances\": -3}", "application/json"), 400);
        assertThat(negative.get("details").get(0).get("field").asText()).isEqualTo("instances");
        rejected(server.api("POST", "/v1/apps/taken/scale", "{\"instances\": \"many\"}", "application/json"), 400);
        rejected(server.api("POST", "/v1/routes", "{\"host\": \"x.localhost\", \"app\": \"nope\"}", "application/json"), 404);
        JsonNode badHost = rejected(server.api("POST", "/v1/routes", "{\"host\": \"Bad Host\", \"app\": \"taken\"}", "application/json"), 400);
        assertThat(badHost.get("details").get(0).get("field").asText()).isEqualTo("host");
        rejected(server.api("POST", "/v1/routes", "{\"host\": \"taken.localhost\", \"app\": \"taken\"}", "application/json"), 409);
        rejected(server.api("DELETE", "/v1/routes/nothing.localhost", null, null), 404);
        JsonNode pathMismatch = rejected(server.api("PUT", "/v1/apps/other", "name: taken\nrun: {command: x}\n", "application/yaml"), 400);
        assertThat(pathMismatch.get("details").get(0).get("field").asText()).isEqualTo("name");

        assertThat(state()).isEqualTo(before);
    }

    @Test
    void mapsAndUnmapsRoutesWithTheGeneration() {
        server.apply("name: taken\nrun: {command: sleep 600}\ninstances: 0\n");

        Response mapped = server.api("POST", "/v1/routes", "{\"host\": \"api\", \"app\": \"taken\"}", "application/json");
        assertThat(mapped.status()).isEqualTo(201);
        assertThat(mapped.json().get("host").asText()).isEqualTo("api.localhost");
        long generation = mapped.json().get("generation").asLong();
        assertThat(server.viaRouter("api.localhost", "/").status()).isEqualTo(503);

        Response unmapped = server.api("DELETE", "/v1/routes/api.localhost", null, null);
        assertThat(unmapped.status()).isEqualTo(200);
        assertThat(unmapped.json().get("generation").asLong()).isGreaterThan(generation);
        assertThat(server.viaRouter("api.localhost", "/").status()).isEqualTo(404);
    }
}
