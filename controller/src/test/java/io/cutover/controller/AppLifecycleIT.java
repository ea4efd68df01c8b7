package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real server, real simpleservice processes, real HTTP through the router. */
class AppLifecycleIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private Map<String, Integer> spread(String host, int requests) {
        Map<String, Integer> byInstance = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            Response response = server.viaRouter(host, "/endpoint0");
            assertThat(response.status()).as("request %d: %s", i, response.body()).isEqualTo(200);
            byInstance.merge(response.json().get("host").asText(), 1, Integer::sum);
        }
        return byInstance;
    }

    @Test
    void deploysRoutesAndScalesUpAndDown() {
        JsonNode app = server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));

        assertThat(app.get("revision").asInt()).isEqualTo(1);
        assertThat(app.get("routes")).extracting(JsonNode::asText).containsExactly("hello.localhost");
        Response first = server.viaRouter("hello.localhost", "/endpoint0");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("version").asText()).isEqualTo("1.0");
        assertThat(first.json().get("result").asText()).isEqualTo("all is well");
        assertThat(spread("hello.localhost", 40)).hasSize(2);

        server.api("POST", "/v1/apps/hello/scale", "{\"instances\": 4}", "application/json");
        server.awaitRoutable("hello", 4);
        assertThat(spread("hello.localhost", 80)).hasSize(4);

        List<Long> pidsBefore = server.instances("hello").stream().map(i -> i.get("pid").asLong()).toList();
        server.api("POST", "/v1/apps/hello/scale", "{\"instances\": 1}", "application/json");
        server.awaitRoutable("hello", 1);
        assertThat(spread("hello.localhost", 20)).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> pidsBefore.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count() == 1);
    }

    @Test
    void replacesAnInstanceKilledWithSigkillWithoutFailingRequests() {
        server.deploy(RunningServer.simpleservice("hello", 3, "1.0", ""));
        JsonNode victim = server.instances("hello").get(0);
        String victimHost = "127.0.0.1:" + victim.get("port").asInt();

        ProcessHandle victimProcess = ProcessHandle.of(victim.get("pid").asLong()).orElseThrow();
        victimProcess.destroyForcibly();
        // SIGKILL is asynchronous: a dying process may still accept a connection and then drop the request
        // it got. The case here is a dead instance, whose port refuses connections.
        await().atMost(Duration.ofSeconds(10)).until(() -> !victimProcess.isAlive());

        // Until the controller notices, the router still lists the dead instance: its refused
        // connections must be retried on another instance, so no request fails.
        Map<String, Integer> during = spread("hello.localhost", 60);
        assertThat(during).doesNotContainKey(victimHost);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.instances("hello").stream()
                .noneMatch(i -> i.get("id").asText().equals(victim.get("id").asText())));
        server.awaitRoutable("hello", 3);
        assertThat(spread("hello.localhost", 60)).hasSize(3).doesNotContainKey(victimHost);
        assertThat(server.get("/v1/events?app=hello").body()).contains("instance_exited");
    }

    @Test
    void takesAnUnhealthyInstanceOutOfRoutingThenReplacesIt() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        JsonNode sick = server.instances("hello").get(0);
        String sickId = sick.get("id").asText();

        Response flipped = directPost(sick.get("port").asInt(), "/admin/health?healthy=false");
        assertThat(flipped.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> server.instances("hello").stream()
                .noneMatch(i -> i.get("id").asText().equals(sickId) && i.get("routable").asBoolean()));
        server.awaitRoutable("hello", 2);
        assertThat(server.instances("hello")).extracting(i -> i.get("id").asText()).doesNotContain(sickId);
        String events = server.get("/v1/events?app=hello").body();
        assertThat(events).contains("\"health\":\"UNHEALTHY\"").contains("\"reason\":\"unhealthy\"");
    }

    @Test
    void restartedServerAdoptsRunningInstances() {
        server.deploy(RunningServer.simpleservice("hello", 3, "1.0", ""));
        Set<Long> pids = new HashSet<>(server.instances("hello").stream().map(i -> i.get("pid").asLong()).toList());

        server.restart();

        server.awaitRoutable("hello", 3);
        assertThat(server.instances("hello")).extracting(i -> i.get("pid").asLong()).containsExactlyInAnyOrderElementsOf(pids);
        assertThat(server.get("/v1/events?app=hello").body()).contains("instance_adopted");
        assertThat(spread("hello.localhost", 30)).hasSize(3);
    }

    @Test
    void forgetsInstancesThatDiedWhileTheServerWasDown() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        JsonNode dead = server.instances("hello").get(0);

        ProcessHandle victim = ProcessHandle.of(dead.get("pid").asLong()).orElseThrow();
        server.stopServer();
        victim.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !victim.isAlive());
        server.startServer();

        server.awaitRoutable("hello", 2);
        assertThat(server.instances("hello")).extracting(i -> i.get("id").asText()).doesNotContain(dead.get("id").asText());
    }

    @Test
    void unknownHostGets404NamingTheHost() {
        Response response = server.viaRouter("nope.localhost", "/");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("nope.localhost");
    }

    @Test
    void changedRunPartMakesANewRevisionAndReplacesInstances() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));

        Response updated = server.apply(RunningServer.simpleservice("hello", 2, "2.0", ""));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("revision").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Response r = server.viaRouter("hello.localhost", "/endpoint0");
            return r.status() == 200 && r.json().get("version").asText().equals("2.0");
        });
        server.awaitRoutable("hello", 2);
        assertThat(server.instances("hello")).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(2));
        assertThat(server.get("/v1/apps/hello/revisions").json()).hasSize(2);

        Response same = server.apply(RunningServer.simpleservice("hello", 3, "2.0", ""));
        assertThat(same.json().get("revision").asInt()).isEqualTo(2);
        assertThat(same.json().get("revisionCreated").asBoolean()).isFalse();
    }

    @Test
    void streamsEventsAndResumesAfterLastEventId() throws Exception {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        JsonNode all = server.get("/v1/events").json();
        long middle = all.get(all.size() / 2).get("id").asLong();

        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.apiUrl() + "/v1/events/stream"))
                .header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(middle))
                .header("Authorization", "Bearer " + server.adminToken()).build();
        var response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        List<String> ids;
        try (var lines = response.body()) {
            ids = lines.filter(l -> l.startsWith("id:")).limit(all.size() - all.size() / 2 - 1)
                    .map(l -> l.substring(3).trim()).toList();
        }

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("text/event-stream"));
        assertThat(ids).first().isEqualTo(Long.toString(middle + 1));
        assertThat(ids).doesNotContain(Long.toString(middle));
    }

    private static Response directPost(int port, String path) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
