package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import io.cutover.router.Router;
import io.cutover.router.RouterOptions;
import io.cutover.router.link.ControllerLink;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stand-alone router authenticates with a router token; the controller binds its id to that token and
 * refuses forged heartbeats, acknowledgements and a second router claiming the id.
 */
class RouterAuthIT {

    private static final String HEARTBEAT = """
            {"router": "r1", "address": "127.0.0.1:1", "inFlight": {"hello-1-x": 99}}""";

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private Router router;
    private ControllerLink link;
    private String routerToken;

    @BeforeEach
    void connectARouterWithItsToken() {
        routerToken = server.createToken("edge", "router");
        router = Router.start(RouterOptions.builder().bindHost("127.0.0.1").port(0).build());
        link = ControllerLink.builder(router, URI.create(server.apiUrl()), "r1", "127.0.0.1:" + router.address().getPort())
                .token(routerToken).heartbeatInterval(Duration.ofMillis(200)).start();
        await().atMost(Duration.ofSeconds(20)).until(() -> live("r1"));
    }

    @AfterEach
    void stopTheRouter() {
        link.close();
        router.close();
    }

    @Test
    void heartbeatsAndAcksWithoutARouterTokenAreRefused() {
        assertThat(post("/v1/routing/heartbeats", HEARTBEAT, null).status()).isEqualTo(401);
        assertThat(post("/v1/routing/heartbeats", HEARTBEAT, server.createToken("ops", "deployer")).status()).isEqualTo(403);
        assertThat(post("/v1/routing/acks", "{\"router\": \"r1\", \"generation\": 1}", null).status()).isEqualTo(401);
        assertThat(inFlightReported()).doesNotContain("hello-1-x");
    }

    @Test
    void anotherRouterTokenMayNotSpeakForAConnectedRouter() {
        String forger = server.createToken("forger", "router");

        Response heartbeat = post("/v1/routing/heartbeats", HEARTBEAT, forger);
        Response ack = post("/v1/routing/acks", "{\"router\": \"r1\", \"generation\": 999}", forger);

        assertThat(heartbeat.status()).isEqualTo(401);
        assertThat(heartbeat.json().get("message").asText()).contains("another token");
        assertThat(ack.status()).isEqualTo(401);
        assertThat(inFlightReported()).doesNotContain("hello-1-x");
        assertThat(post("/v1/routing/heartbeats", HEARTBEAT.replace("99", "0"), routerToken).status()).isEqualTo(200);
    }

    @Test
    void aSecondRouterClaimingALiveRoutersIdWithAnotherTokenIsAConflict() {
        String other = server.createToken("other", "router");

        Response watch = server.api("GET", "/v1/routing/watch?router=r1&address=127.0.0.1:2", null, null, other);
        Response embedded = server.api("GET", "/v1/routing/watch?router=embedded&address=127.0.0.1:2", null, null, other);

        assertThat(watch.status()).isEqualTo(409);
        assertThat(watch.json().get("message").asText()).contains("r1").contains("another token");
        assertThat(embedded.status()).isEqualTo(409);
        assertThat(live("r1")).as("the real router keeps its place").isTrue();
    }

    private boolean live(String id) {
        for (JsonNode r : server.get("/v1/routers").json()) {
            if (r.get("id").asText().equals(id)) {
                return r.get("live").asBoolean();
            }
        }
        return false;
    }

    private String inFlightReported() {
        return server.get("/v1/routers").json().toString();
    }

    private Response post(String path, String body, String token) {
        return server.api("POST", path, body, "application/json", token);
    }
}
