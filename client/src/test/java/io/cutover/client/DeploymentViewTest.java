package io.cutover.client;

import static io.cutover.client.testing.ApiJson.DEPLOYING;
import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentViewTest {

    /** A deployment whose new instances kept crashing, rolled back. */
    static final String FAILED = """
            {"id": 8, "app": "hello", "strategy": "rolling", "fromRevision": 2, "toRevision": 3,
             "status": "FINALIZED", "reason": "FAILED",
             "message": "rolled back to revision 2 after: 3 launch failures of revision 3 (maxLaunchFailures 3); last lines of hello-3-9f8e7d:\\nException in thread \\"main\\" java.lang.IllegalStateException: no PORT\\n\\tat Main.main(Main.java:12)",
             "failure": "3 launch failures of revision 3 (maxLaunchFailures 3); last lines of hello-3-9f8e7d:\\nException in thread \\"main\\" java.lang.IllegalStateException: no PORT\\n\\tat Main.main(Main.java:12)\\n",
             "bounds": {"minHealthy": 4, "maxCapacity": 8},
             "step": 4, "steps": 4,
             "progress": {"newRoutable": 4, "newLive": 4, "oldLive": 0, "oldRemaining": 0},
             "instances": [],
             "launchFailures": 3,
             "createdAt": "2026-11-22T10:10:00Z", "updatedAt": "2026-11-22T10:10:41Z",
             "progressAt": "2026-11-22T10:10:00Z", "finishedAt": "2026-11-22T10:10:41Z"}""";

    static ObjectNode with(String text, String field, String value) {
        ObjectNode node = (ObjectNode) json(text);
        node.put(field, value);
        return node;
    }

    @Test
    void showsWhereADeploymentStandsInOneLine() {
        assertThat(DeploymentView.progress(json(DEPLOYING))).isEqualTo(
                "hello: deploying revision 2 (rolling) — step 2/4: new 2 ready / 4 running, old 2 left — ACTIVE/DEPLOYING");
    }

    @Test
    void showsACanarysStepAndWeightAndWhatToRunAtItsPause() {
        ObjectNode canary = with(DEPLOYING, "reason", "PAUSED");
        canary.put("strategy", "CANARY");
        canary.putObject("canary").put("step", 3).put("steps", 4).put("weight", 20).put("promoting", false).put("held", false);

        assertThat(DeploymentView.progress(canary)).startsWith("hello: paused deploying revision 2 (CANARY) — step 3/4, canary 20%: ");
        assertThat(DeploymentView.canaryWaits(canary)).isTrue();
        assertThat(DeploymentView.canaryNext(canary)).isEqualTo("deployment 7 of hello PAUSED at step 3 of 4, canary revision 2 at 20%"
                + " — 'cutover continue hello' takes the next step, 'cutover promote hello --full' skips the rest,"
                + " 'cutover cancel hello' rolls back");
        ((ObjectNode) canary.get("canary")).put("pauseEndsAt", "2026-12-01T10:00:00Z");
        assertThat(DeploymentView.pausedForAWhile(canary)).isTrue();
        assertThat(DeploymentView.canaryWaits(canary)).isFalse();
    }

    @Test
    void describesACanarysVerdictsBackgroundOnesMarkedAndWhatCanBeDoneNext() {
        ObjectNode canary = with(DEPLOYING, "reason", "PAUSED");
        ObjectNode state = canary.putObject("canary").put("step", 2).put("steps", 3).put("weight", 50);
        state.putArray("actions").add("continue").add("promote --full").add("pause").add("cancel");
        state.putArray("analysis").add(json("{\"step\": 2, \"verdict\": \"FAIL\", \"reason\": \"error rate canary 5.10%\", \"background\": true}"))
                .add(json("{\"step\": 2, \"verdict\": \"INCONCLUSIVE\", \"reason\": \"too few requests\", \"background\": false}"));

        assertThat(DeploymentView.describe(canary))
                .contains("Analysis:         background analysis at step 2: FAIL — error rate canary 5.10%\n"
                        + "                  analysis at step 2: INCONCLUSIVE — too few requests\n")
                .contains("Next:             continue, promote --full, pause, cancel\n");
    }

    @Test
    void showsABlueGreenDeploymentsPhaseColoursAndWhatToRunWhileGreenWaits() {
        ObjectNode bg = with(DEPLOYING, "reason", "PAUSED");
        bg.put("strategy", "BLUE_GREEN");
        ((ObjectNode) bg.get("instances").get(0)).put("colour", "blue");
        ((ObjectNode) bg.get("instances").get(1)).put("colour", "green");
        bg.putObject("blueGreen").put("phase", "DUAL_RUNNING").put("blue", 1).put("green", 2).put("serving", "blue")
                .put("preview", "hello--preview.localhost").putArray("analysis")
                .add(json("{\"stage\": \"prePromotionChecks\", \"verdict\": \"PASS\", \"reason\": \"1 probe(s) answered\"}"));

        assertThat(DeploymentView.canaryWaits(bg)).isTrue();
        assertThat(DeploymentView.canaryNext(bg)).isEqualTo("deployment 7 of hello PAUSED: green (revision 2) is ready on"
                + " hello--preview.localhost (or with X-Cutover-Preview: true) — 'cutover promote hello' switches every router"
                + " to it, 'cutover cancel hello' tears it down");
        assertThat(DeploymentView.progress(bg)).contains("DUAL_RUNNING, blue serving");
        assertThat(DeploymentView.instances(bg)).isEqualTo("rev 1 (blue): 2 routable; rev 2 (green): 2 routable, 2 starting");
        assertThat(DeploymentView.describe(bg)).contains("Blue-green:       blue revision 1, green revision 2, blue serving\n")
                .contains("Checks:           prePromotionChecks: PASS — 1 probe(s) answered\n")
                .contains("REVISION  COLOUR");
    }

    @Test
    void saysWhatItDoesByReason() {
        ObjectNode canceling = with(DEPLOYING, "reason", "CANCELING");
        assertThat(DeploymentView.progress(canceling)).isEqualTo("hello: rolling back to revision 1 (rolling)"
                + " — step 2/4: back 2 ready / 4 running, new 2 left — ACTIVE/CANCELING");
        assertThat(DeploymentView.progress(json(FAILED))).startsWith("hello: failed to deploy revision 3 (rolling)");
        ObjectNode superseded = with(DEPLOYING, "reason", "SUPERSEDED");
        superseded.put("status", "FINALIZED");
        assertThat(DeploymentView.progress(superseded)).startsWith("hello: superseded while deploying revision 2");
        ObjectNode newApp = (ObjectNode) json(DEPLOYING);
        newApp.put("fromRevision", 0).put("reason", "CANCELING");
        assertThat(DeploymentView.progress(newApp)).startsWith("hello: rolling back: stopping revision 2 (rolling)");
    }

    @Test
    void countsInstancesPerRevisionLeavingOutZeros() {
        assertThat(DeploymentView.instances(json(DEPLOYING))).isEqualTo("rev 1: 2 routable; rev 2: 2 routable, 2 starting");
        assertThat(DeploymentView.instances(json("""
                {"instances": [{"revision": 1, "total": 3, "routable": 0, "starting": 0, "stopping": 3},
                               {"revision": 2, "total": 4, "routable": 1, "starting": 2, "stopping": 0},
                               {"revision": 3, "total": 0, "routable": 0, "starting": 0, "stopping": 0}]}""")))
                .isEqualTo("rev 1: 0 routable, 3 stopping; rev 2: 1 routable, 2 starting, 1 not ready");
        assertThat(DeploymentView.instances(json("{\"instances\": []}"))).isEqualTo("no instances");
    }

    @Test
    void describesADeploymentWithBoundsStepAndInstancesPerRevision() {
        assertThat(DeploymentView.describe(json(DEPLOYING))).isEqualTo("""
                Deployment:       7
                App:              hello
                Strategy:         rolling
                Revision:         1 → 2
                Status:           ACTIVE/DEPLOYING
                Message:          2 of 4 new instances ready; 2 old instances left
                Bounds:           minHealthy 4, maxCapacity 8
                Step:             2/4: new 2 ready / 4 running, old 2 left
                Launch failures:  0
                Created:          2026-11-22T10:00:00Z
                Updated:          2026-11-22T10:00:06Z
                Progress at:      2026-11-22T10:00:05Z
                Finished:         -

                REVISION  TOTAL  ROUTABLE  STARTING  STOPPING
                1             2         2         0         0
                2             4         2         2         0
                """);
    }

    @Test
    void showsEveryLineOfAFailureUnderItsField() {
        String text = DeploymentView.describe(json(FAILED));

        assertThat(text).contains("""
                Status:           FINALIZED/FAILED
                Message:          rolled back to revision 2 after: 3 launch failures of revision 3 (maxLaunchFailures 3); last lines of hello-3-9f8e7d:
                                  Exception in thread "main" java.lang.IllegalStateException: no PORT
                                  \tat Main.main(Main.java:12)
                Failure:          3 launch failures of revision 3 (maxLaunchFailures 3); last lines of hello-3-9f8e7d:
                                  Exception in thread "main" java.lang.IllegalStateException: no PORT
                                  \tat Main.main(Main.java:12)
                Bounds:           minHealthy 4, maxCapacity 8
                Step:             4/4: back 4 ready / 4 running, new 0 left
                """).endsWith("Finished:         2026-11-22T10:10:41Z\n").as("a finished deployment lists no instances")
                .doesNotContain("REVISION");
    }

    @Test
    void saysANewAppHasNoRevisionBefore() {
        ObjectNode newApp = (ObjectNode) json(DEPLOYING);
        newApp.put("fromRevision", 0);

        assertThat(DeploymentView.describe(newApp)).contains("Revision:         → 2 (new app)\n");
    }

    @Test
    void saysHowLongItTookByTheServersClock() {
        ObjectNode deployed = with(DEPLOYING, "reason", "DEPLOYED");
        deployed.put("status", "FINALIZED").put("finishedAt", "2026-11-22T10:00:12.420Z");

        assertThat(DeploymentView.finished(deployed, Duration.ofSeconds(99))).isEqualTo("deployment 7 DEPLOYED in 12.3s");
        assertThat(DeploymentView.finished(json(DEPLOYING), Duration.ofMillis(4_070)))
                .as("not finished: the time it was watched").isEqualTo("deployment 7 DEPLOYING in 4.1s");
    }

    @Test
    void writesDurationsInSecondsThenMinutesThenHours() {
        assertThat(DeploymentView.duration(Duration.ofMillis(12_345))).isEqualTo("12.3s");
        assertThat(DeploymentView.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(DeploymentView.duration(Duration.ofMinutes(62))).isEqualTo("1h02m");
    }

    @Test
    void endsWellOnlyWithTheReasonExpected() {
        ObjectNode deployed = with(DEPLOYING, "reason", "DEPLOYED");
        deployed.put("status", "FINALIZED");
        ObjectNode canceled = with(DEPLOYING, "reason", "CANCELED");
        canceled.put("status", "FINALIZED").put("message", "canceled, back on revision 1");

        assertThat(DeploymentView.failure(deployed, "DEPLOYED")).isEmpty();
        assertThat(DeploymentView.failure(canceled, "CANCELED")).isEmpty();
        assertThat(DeploymentView.failure(canceled, "DEPLOYED")).get().extracting(CliFailure::render)
                .isEqualTo("cutover: deployment 7 CANCELED: canceled, back on revision 1\n");
        assertThat(DeploymentView.failure(deployed, "CANCELED")).get().extracting(CliFailure::exitCode).isEqualTo(1);
    }

    @Test
    void aFailedDeploymentGivesItsMessageThenTheFailuresLines() {
        CliFailure failure = DeploymentView.failure(json(FAILED), "DEPLOYED").orElseThrow();

        assertThat(failure.exitCode()).isEqualTo(1);
        assertThat(failure.render()).isEqualTo("""
                cutover: deployment 8 FAILED: rolled back to revision 2 after: 3 launch failures of revision 3 (maxLaunchFailures 3); last lines of hello-3-9f8e7d:
                  Exception in thread "main" java.lang.IllegalStateException: no PORT
                  \tat Main.main(Main.java:12)
                """);
    }

    @Test
    void putsAFailureThatTheMessageDoesNotHoldUnderIt() {
        ObjectNode failed = (ObjectNode) json(FAILED);
        failed.put("message", "rolled back to revision 2");

        assertThat(DeploymentView.failure(failed, "DEPLOYED").orElseThrow().render()).isEqualTo("""
                cutover: deployment 8 FAILED: rolled back to revision 2
                  3 launch failures of revision 3 (maxLaunchFailures 3); last lines of hello-3-9f8e7d:
                  Exception in thread "main" java.lang.IllegalStateException: no PORT
                  \tat Main.main(Main.java:12)
                """);
    }

    @Test
    void aSupersededDeploymentSaysSo() {
        ObjectNode superseded = with(DEPLOYING, "reason", "SUPERSEDED");
        superseded.put("status", "FINALIZED").put("message", "superseded by deployment 9");

        assertThat(DeploymentView.failure(superseded, "DEPLOYED").orElseThrow().render()).isEqualTo("""
                cutover: deployment 7 superseded by a newer deployment
                  superseded by deployment 9
                """);
    }

    @Test
    void aPausedDeploymentEndsTheFollowAndSaysWhatToDo() {
        ObjectNode paused = with(DEPLOYING, "reason", "PAUSED");
        paused.put("message", "failed, paused: no progress for 600s").put("failure", "no progress for 600s");

        assertThat(DeploymentView.paused(paused)).isTrue();
        assertThat(DeploymentView.finalized(paused)).isFalse();
        assertThat(DeploymentView.failure(paused, "DEPLOYED").orElseThrow().render()).isEqualTo("""
                cutover: deployment 7 PAUSED: failed, paused: no progress for 600s — cancel it with 'cutover cancel hello', or apply a fixed manifest
                """);
    }
}
