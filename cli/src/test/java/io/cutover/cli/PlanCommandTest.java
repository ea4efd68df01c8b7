package io.cutover.cli;

import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanCommandTest {

    /** The API's example: 4 instances, minHealthy 1, maxCapacity 5. */
    private static final String PLAN = """
            {"app": "hello", "strategy": "rolling", "newRevision": true,
             "fromRevision": 1, "instances": 4, "oldInstances": 4,
             "bounds": {"minHealthy": 1, "maxCapacity": 5},
             "steps": [
               {"step": 0, "oldServing": 1, "oldStopping": 3, "newStarting": 1, "newServing": 0, "stops": 3, "starts": 1},
               {"step": 1, "oldServing": 0, "oldStopping": 1, "newStarting": 3, "newServing": 1, "stops": 1, "starts": 3},
               {"step": 2, "oldServing": 0, "oldStopping": 0, "newStarting": 0, "newServing": 4, "stops": 0, "starts": 0}
             ]}""";

    @Test
    void drawsTheTimelineWithCountsAndAPictureOfEachStep() {
        assertThat(PlanCommand.timeline(json(PLAN))).isEqualTo("""
                plan for hello: rolling from revision 1 (4 instances) to a new revision (4 instances)
                bounds: at least 1 serving (minHealthy), at most 5 instances (maxCapacity)

                STEP  OLD-SERVING  OLD-STOPPING  NEW-STARTING  NEW-SERVING  TOTAL  STOPS  STARTS  INSTANCES
                T0              1             3             1            0    5/5      3       1  ●○○○□
                T1              0             1             3            1    5/5      1       3  ○■□□□
                T2              0             0             0            4    4/5      0       0  ■■■■·

                ● old serving  ○ old stopping  □ new starting  ■ new serving  · capacity left
                3 steps (T0..T2): at least 1 serving and at most 5 instances at every step
                """);
    }

    @Test
    void picturesOneSymbolPerInstanceAndTheCapacityLeft() {
        assertThat(PlanCommand.picture(json("""
                {"oldServing": 2, "oldStopping": 1, "newStarting": 2, "newServing": 1}"""), 8)).isEqualTo("●●○■□□··");
    }

    @Test
    void leavesThePictureOutWhenItWouldNotFit() {
        String text = PlanCommand.timeline(json("""
                {"app": "big", "strategy": "rolling", "newRevision": true, "fromRevision": 3, "instances": 50,
                 "oldInstances": 50, "bounds": {"minHealthy": 50, "maxCapacity": 100},
                 "steps": [{"step": 0, "oldServing": 50, "oldStopping": 0, "newStarting": 50, "newServing": 0, "stops": 0, "starts": 50},
                           {"step": 1, "oldServing": 0, "oldStopping": 50, "newStarting": 0, "newServing": 50, "stops": 50, "starts": 0},
                           {"step": 2, "oldServing": 0, "oldStopping": 0, "newStarting": 0, "newServing": 50, "stops": 0, "starts": 0}]}"""));

        assertThat(text).contains("STEP  OLD-SERVING  OLD-STOPPING  NEW-STARTING  NEW-SERVING    TOTAL  STOPS  STARTS\n")
                .contains("T1              0            50             0           50  100/100     50       0\n")
                .doesNotContain("●").doesNotContain("old serving")
                .endsWith("3 steps (T0..T2): at least 50 serving and at most 100 instances at every step\n");
    }

    @Test
    void saysWhenNoRevisionWouldBeDeployed() {
        assertThat(PlanCommand.timeline(json("""
                {"app": "hello", "strategy": "rolling", "newRevision": false, "fromRevision": 2, "instances": 6,
                 "oldInstances": 4, "bounds": {"minHealthy": 6, "maxCapacity": 12}, "steps": []}""")))
                .isEqualTo("no new revision: applying this changes no running instance\n");
    }

    @Test
    void saysWhenNothingRunsYet() {
        String text = PlanCommand.timeline(json("""
                {"app": "hello", "strategy": "rolling", "newRevision": true, "fromRevision": 0, "instances": 1,
                 "oldInstances": 0, "bounds": {"minHealthy": 1, "maxCapacity": 2},
                 "steps": [{"step": 0, "oldServing": 0, "oldStopping": 0, "newStarting": 1, "newServing": 0, "stops": 0, "starts": 1},
                           {"step": 1, "oldServing": 0, "oldStopping": 0, "newStarting": 0, "newServing": 1, "stops": 0, "starts": 0}]}"""));

        assertThat(text).startsWith("plan for hello: rolling from nothing running (0 instances) to a new revision (1 instance)\n")
                .contains("T0              0             0             1            0    1/2      0       1  □·\n")
                .endsWith("2 steps (T0..T1): at least 0 serving and at most 1 instances at every step\n");
    }

    @Test
    void saysWhyARecreateHasNoSteps() {
        assertThat(PlanCommand.timeline(json("""
                {"app": "hello", "strategy": "recreate", "newRevision": true, "fromRevision": 2, "instances": 2,
                 "oldInstances": 2, "bounds": {"minHealthy": 0, "maxCapacity": 2}, "steps": []}""")))
                .endsWith("\n\nno steps: recreate stops every old instance, then starts the new ones (nothing serves in between)\n");
    }
}
