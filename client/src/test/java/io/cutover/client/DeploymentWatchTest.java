package io.cutover.client;

import static io.cutover.client.testing.ApiJson.DEPLOYING;
import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentWatchTest {

    @Test
    void printsTheFirstStateAsAProgressLineWithTheInstancesUnderIt() {
        assertThat(DeploymentWatch.changes(null, json(DEPLOYING))).containsExactly(
                "hello: deploying revision 2 (rolling) — step 2/4: new 2 ready / 4 running, old 2 left — ACTIVE/DEPLOYING",
                "  rev 1: 2 routable; rev 2: 2 routable, 2 starting");
    }

    @Test
    void printsNothingWhenNothingShownChanged() {
        ObjectNode later = (ObjectNode) json(DEPLOYING);
        later.put("updatedAt", "2026-11-22T10:00:07Z");

        assertThat(DeploymentWatch.changes(json(DEPLOYING), later)).isEmpty();
    }

    @Test
    void printsAgainWhenAnInstanceChangedState() {
        ObjectNode later = (ObjectNode) json(DEPLOYING);
        ((ObjectNode) later.path("instances").get(0)).put("stopping", 1).put("routable", 1);

        assertThat(DeploymentWatch.changes(json(DEPLOYING), later))
                .containsExactly(DeploymentView.progress(later), "  rev 1: 1 routable, 1 stopping; rev 2: 2 routable, 2 starting");
    }

    @Test
    void printsTheFailureOnceWhenItAppears() {
        ObjectNode failing = (ObjectNode) json(DEPLOYING);
        failing.put("reason", "CANCELING").put("failure", "no progress for 600s\nmore detail");

        assertThat(DeploymentWatch.changes(json(DEPLOYING), failing)).containsExactly(
                "hello: rolling back to revision 1 (rolling) — step 2/4: back 2 ready / 4 running, new 2 left — ACTIVE/CANCELING",
                "  rev 1: 2 routable; rev 2: 2 routable, 2 starting",
                "  failed: no progress for 600s");
        JsonNode same = failing.deepCopy();
        assertThat(DeploymentWatch.changes(failing, same)).isEmpty();
    }

    @Test
    void printsEachCanaryAnalysisVerdictOnceAsItComes() {
        ObjectNode before = (ObjectNode) json(DEPLOYING);
        before.putObject("canary").putArray("analysis");
        ObjectNode after = before.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) after.path("canary").path("analysis")).addObject()
                .put("step", 2).put("verdict", "PASS").put("reason", "error rate canary 0.00%, stable 0.00%");

        assertThat(DeploymentWatch.changes(before, after)).containsExactly("  analysis at step 2: PASS — error rate canary 0.00%, stable 0.00%");
        assertThat(DeploymentWatch.changes(after, after.deepCopy())).isEmpty();
    }

    @Test
    void writesATimeoutAsItWasGiven() {
        assertThat(DeploymentWatch.amount(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(DeploymentWatch.amount(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DeploymentWatch.amount(Duration.ofMillis(600))).isEqualTo("600ms");
    }

    @Test
    void leavesOutTheEmptyInstancesOfAFinishedDeployment() {
        ObjectNode deployed = (ObjectNode) json(DEPLOYING);
        deployed.put("status", "FINALIZED").put("reason", "DEPLOYED").putArray("instances");

        assertThat(DeploymentWatch.changes(json(DEPLOYING), deployed)).containsExactly(
                "hello: deployed revision 2 (rolling) — step 2/4: new 2 ready / 4 running, old 2 left — FINALIZED/DEPLOYED");
    }
}
