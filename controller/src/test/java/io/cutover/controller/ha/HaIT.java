package io.cutover.controller.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two controllers on one PostgreSQL store: one leads, the other redirects writes and takes over. */
class HaIT {

    @RegisterExtension
    @Order(1)
    final TestPostgres postgres = TestPostgres.perTest();

    @RegisterExtension
    @Order(2)
    final RunningServer a = RunningServer.perTest().onStore(postgres::url);

    @RegisterExtension
    @Order(3)
    final RunningServer b = RunningServer.perTest().onStore(postgres::url);

    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void shareTheAdminToken() throws IOException {
        b.useAdminTokenOf(a);
    }

    @Test
    void oneLeadsTheOtherRedirectsWritesAndAnswersReads() throws Exception {
        assertThat(a.leader().leading()).isTrue();
        assertThat(b.leader().leading()).isFalse();
        long term = a.leader().term();

        JsonNode followerHealth = b.get("/healthz").json();
        assertThat(followerHealth.get("role").asText()).isEqualTo("follower");
        assertThat(followerHealth.at("/leader/address").asText()).isEqualTo(a.apiUrl());
        assertThat(followerHealth.at("/leader/term").asLong()).isEqualTo(term);
        assertThat(a.get("/healthz").json().get("role").asText()).isEqualTo("leader");

        String manifest = RunningServer.simpleservice("web", 1, "v1", "");
        HttpResponse<String> redirected = RAW.send(HttpRequest.newBuilder(URI.create(b.apiUrl() + "/v1/apps?x=1"))
                .header("Authorization", "Bearer " + b.adminToken()).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirected.statusCode()).isEqualTo(307);
        assertThat(redirected.headers().firstValue("Location")).hasValue(a.apiUrl() + "/v1/apps?x=1");
        assertThat(redirected.body()).contains("\"not_leader\"");
        assertThat(a.get("/v1/apps").json()).isEmpty(); // the follower changed nothing

        b.deploy(manifest); // the test client follows the 307 with its token
        assertThat(b.get("/v1/apps/web").status()).isEqualTo(200); // read from the shared store
        HttpResponse<String> routers = RAW.send(HttpRequest.newBuilder(URI.create(b.apiUrl() + "/v1/routers"))
                .header("Authorization", "Bearer " + b.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(routers.statusCode()).isEqualTo(307); // the leader's hub has the routers

        JsonNode controllers = b.get("/v1/controllers").json();
        assertThat(controllers.get("term").asLong()).isEqualTo(term);
        List<String> roles = new ArrayList<>();
        controllers.get("controllers").forEach(c -> roles.add(c.get("role").asText()));
        assertThat(roles).containsExactlyInAnyOrder("leader", "follower");
    }

    @Test
    void whenTheLeaderStopsTheFollowerTakesOverItsInstances() {
        a.deploy(RunningServer.simpleservice("web", 2, "v1", ""));
        List<Long> pids = a.instances("web").stream().map(i -> i.get("pid").asLong()).sorted().toList();
        long term = a.leader().term();

        a.stopServer(); // releases the lease: no waiting for its TTL

        await().atMost(Duration.ofSeconds(10)).until(() -> b.leader().leading());
        assertThat(b.leader().term()).isEqualTo(term + 1);
        b.awaitRoutable("web", 2);
        assertThat(b.instances("web").stream().map(i -> i.get("pid").asLong()).sorted().toList()).isEqualTo(pids);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.viaRouter("web.localhost", "/endpoint0").status() == 200);

        List<String> leadership = new ArrayList<>();
        for (JsonNode event : b.get("/v1/events?limit=10000").json()) {
            String type = event.get("type").asText();
            if (type.startsWith("leader_")) {
                leadership.add(type + " " + event.at("/data/term").asLong());
            }
        }
        assertThat(leadership).containsSubsequence("leader_elected " + term, "leader_lost " + term, "leader_elected " + (term + 1));
        a.startServer(); // for the cleanup; it follows now
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.leader().leading() && a.leader().term() == term + 1);
    }
}
