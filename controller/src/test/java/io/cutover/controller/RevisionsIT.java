package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Revision history, rollback, the remembered failed hash, and pruning, through the API. */
class RevisionsIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private JsonNode revisions() {
        return server.get("/v1/apps/hello/revisions").json();
    }

    private Response rollback(String body, String query) {
        return server.api("POST", "/v1/apps/hello/rollback" + query, body, "application/json");
    }

    private String version() {
        return server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText();
    }

    @Test
    void listsRevisionsWithTheirOutcomeAndRollsBackToThePreviousOne() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        server.awaitFinalized(RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 2, "2.0", ""))),
                Duration.ofSeconds(60));

        JsonNode listed = revisions();
        assertThat(listed).extracting(r -> r.get("number").asInt()).containsExactly(1, 2);
        assertThat(listed.get(1).get("current").asBoolean()).isTrue();
        assertThat(listed.get(1).get("outcome").asText()).isEqualTo("DEPLOYED");
        assertThat(listed.get(1).get("deployedAt").isTextual()).isTrue();

        Response back = rollback("{}", "");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("instant").asBoolean()).isFalse();
        assertThat(back.json().get("from").asInt()).isEqualTo(1);
        JsonNode finished = server.awaitFinalized(back.json().get("deployment").asLong(), Duration.ofSeconds(60));
        assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
        assertThat(version()).isEqualTo("1.0");
        JsonNode after = revisions();
        assertThat(after.get(2).get("hash").asText()).as("the run part of revision 1 again")
                .isEqualTo(after.get(0).get("hash").asText());
        assertThat(after.get(2).get("current").asBoolean()).isTrue();
    }

    @Test
    void aRunPartWhoseDeploymentFailedIsRefusedUntilForced() {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        String crashing = RunningServer.simpleservice("hello", 1, "2.0", "").replaceFirst("command: .*\n", "command: exit 3\n");
        long id = RunningServer.deploymentOf(server.apply(crashing));
        assertThat(server.awaitFinalized(id, Duration.ofSeconds(90)).get("reason").asText()).isEqualTo("FAILED");

        Response refused = server.apply(crashing);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).contains("failed to deploy at").contains("deployment " + id)
                .contains("--force");
        assertThat(server.get("/v1/apps/hello").json().get("revision").asInt()).as("nothing changed").isEqualTo(1);
        assertThat(revisions().get(1).at("/failed/deployment").asLong()).isEqualTo(id);

        Response forced = server.api("POST", "/v1/apps?force=true", crashing, "application/yaml");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        long again = RunningServer.deploymentOf(forced);
        server.api("POST", "/v1/deployments/" + again + "/cancel", null, null);
        server.awaitFinalized(again, Duration.ofSeconds(90));
        assertThat(version()).isEqualTo("1.0");
    }

    @Test
    void keepsRevisionHistoryLimitRevisionsAndSaysSoForAPrunedOne() {
        List<String> versions = List.of("1.0", "2.0", "3.0", "4.0");
        for (String v : versions) {
            Response applied = server.apply(RunningServer.simpleservice("hello", 1, v, "revisionHistoryLimit: 2\n"));
            if (applied.json().get("deployment").isIntegralNumber()) {
                server.awaitFinalized(applied.json().get("deployment").asLong(), Duration.ofSeconds(60));
            }
        }
        List<Integer> kept = new ArrayList<>();
        revisions().forEach(r -> kept.add(r.get("number").asInt()));
        assertThat(kept).containsExactly(3, 4);
        assertThat(server.get("/v1/events?app=hello").body()).contains("revisions_pruned");

        Response pruned = rollback("{\"to\": 1}", "");
        assertThat(pruned.status()).isEqualTo(404);
        assertThat(pruned.json().get("message").asText()).contains("revision 1 of app \"hello\" was pruned")
                .contains("revisionHistoryLimit 2").contains("kept: 3, 4");
        assertThat(rollback("{\"to\": 0}", "").status()).isEqualTo(400);
        assertThat(rollback("{\"to\": 4}", "").json().get("message").asText()).contains("already runs revision 4");
        assertThat(rollback("{\"to\": 9}", "").json().get("message").asText()).contains("does not exist");
    }

    @Test
    void insideABlueGreenWindowRollbackIsAnInstantSwitchToTheWarmBlue() {
        String strategy = "strategy: {type: blueGreen, scaleDownDelaySeconds: 60}\n";
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", strategy));
        long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 1, "2.0", strategy)));
        await().atMost(Duration.ofSeconds(60)).until(() -> "PAUSED".equals(server.get("/v1/deployments/" + id).json().get("reason").asText()));
        assertThat(server.api("POST", "/v1/deployments/" + id + "/promote", null, null).status()).isEqualTo(200);
        assertThat(version()).isEqualTo("2.0");

        Response back = rollback("{}", "");

        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("instant").asBoolean()).isTrue();
        assertThat(back.json().get("from").asInt()).isEqualTo(1);
        for (int i = 0; i < 50; i++) {
            assertThat(version()).as("right after rollback returned").isEqualTo("1.0");
        }
        assertThat(server.awaitFinalized(id, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("CANCELED");
    }
}
