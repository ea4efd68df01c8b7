package io.cutover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.TestPostgres;
import io.cutover.router.Router;
import io.cutover.router.RouterOptions;
import io.cutover.router.link.ControllerLink;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients and stand-alone routers given several controllers find the leader and move on when it changes. */
class FollowTheLeaderIT {

    @RegisterExtension
    @Order(1)
    final TestPostgres postgres = TestPostgres.perTest();

    @RegisterExtension
    @Order(2)
    final RunningServer a = RunningServer.perTest().onStore(postgres::url);

    @RegisterExtension
    @Order(3)
    final RunningServer b = RunningServer.perTest().onStore(postgres::url);

    @BeforeEach
    void shareTheAdminToken() throws IOException {
        b.useAdminTokenOf(a);
    }

    @Test
    void theClientSendsChangesToTheLeaderAndPassesOverAControllerThatIsDown() {
        assertThat(a.leader().leading()).isTrue();
        ApiClient followerFirst = new ApiClient(List.of(URI.create(b.apiUrl()), URI.create(a.apiUrl())), a.adminToken(), null);

        ApiClient.Answer applied = followerFirst.post("/v1/apps",
                RunningServer.simpleservice("web", 1, "v1", "").getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(applied.status()).isLessThan(300); // the follower's 307 was followed with the token
        a.awaitRoutable("web", 1);

        a.stopServer();
        await().atMost(Duration.ofSeconds(10)).until(() -> b.leader().leading());
        ApiClient downFirst = new ApiClient(List.of(URI.create(a.apiUrl()), URI.create(b.apiUrl())), a.adminToken(), null);
        JsonNode health = downFirst.get("/healthz");
        assertThat(health.get("role").asText()).isEqualTo("leader");
        assertThat(health.get("controller").asText()).isEqualTo(b.leader().controller());
        assertThat(downFirst.server()).hasToString(b.apiUrl());
        a.startServer();
    }

    @Test
    void aRouterFollowsTheLeaderAndKeepsServingWhileItChanges() {
        a.deploy(RunningServer.simpleservice("web", 1, "v1", ""));
        String routerToken = a.createToken("edge", "router");
        try (Router router = Router.start(RouterOptions.builder().bindHost("127.0.0.1").port(0).build());
                ControllerLink link = ControllerLink.builder(router, URI.create(b.apiUrl()), "edge-1",
                                "127.0.0.1:" + router.address().getPort())
                        .controllers(List.of(URI.create(b.apiUrl()), URI.create(a.apiUrl())))
                        .token(routerToken).start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> live(a, "edge-1")); // sent on from the follower
            assertThat(RunningServer.via(router.address().getPort(), "web.localhost", "/endpoint0").status()).isEqualTo(200);
            long term = a.leader().term();
            assertThat(router.table().term()).as("the table carries its leader's term").isEqualTo(term);
            String store = router.store();
            assertThat(store).isNotEmpty();

            a.stopServer();
            assertThat(RunningServer.via(router.address().getPort(), "web.localhost", "/endpoint0").status())
                    .as("served from its table while no controller leads").isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> b.leader().leading() && live(b, "edge-1"));
            assertThat(RunningServer.via(router.address().getPort(), "web.localhost", "/endpoint0").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> router.table().term() == term + 1);
            assertThat(router.store()).as("one store, whichever controller leads").isEqualTo(store);
            a.startServer();
        }
    }

    private static boolean live(RunningServer server, String router) {
        RunningServer.Response routers = server.get("/v1/routers");
        if (routers.status() != 200) {
            return false;
        }
        for (JsonNode r : routers.json()) {
            if (r.get("id").asText().equals(router) && r.get("live").asBoolean()) {
                return true;
            }
        }
        return false;
    }
}
