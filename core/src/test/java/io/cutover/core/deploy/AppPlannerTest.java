package io.cutover.core.deploy;

import static io.cutover.core.deploy.Apps.T0;
import static io.cutover.core.deploy.Apps.instances;
import static io.cutover.core.deploy.Apps.kinds;
import static io.cutover.core.deploy.Apps.only;
import static io.cutover.core.deploy.Apps.serving;
import static io.cutover.core.deploy.Apps.spec;
import static io.cutover.core.deploy.Apps.starting;
import static io.cutover.core.deploy.Apps.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rolling and recreate deployments, the steady state and deletion as plans; the progress deadline, the
 * crash loop and the launch backoff, which every strategy shares.
 */
class AppPlannerTest {

    private static final AppSpec ROLLING = spec("{type: rolling, progressDeadlineSeconds: 60, maxLaunchFailures: 2}", "");

    @Test
    void aRollingPassStartsNewInstancesAndRecordsItsProgressWithAStepEventOnlyWhenItMoved() {
        Deployment d = Apps.deployment(StrategySpec.Type.ROLLING);

        Plan first = AppPlanner.plan(state(ROLLING, instances(2, 0), d), T0);
        assertThat(kinds(first)).containsExactly("StartInstance", "StartInstance", "RecordStep", "WakeAt");
        assertThat(only(first, Action.RecordStep.class).events()).isEmpty();
        assertThat(first.wakeAt()).as("the progress deadline").isEqualTo(T0.plusSeconds(60));

        Plan moved = AppPlanner.plan(state(ROLLING, List.of(serving("o0", 1), serving("o1", 1), serving("n0", 2), starting("n1", 2)), d), T0);
        assertThat(moved.actions()).contains(new Action.StopInstance("o0", "replaced by revision 2"));
        assertThat(only(moved, Action.RecordStep.class).events()).extracting(Event::type).containsExactly("deployment_step");
    }

    @Test
    void aCompleteRollingPassFinishesTheDeploymentAndTheSteadyStateTakesOver() {
        Plan plan = AppPlanner.plan(state(ROLLING, instances(0, 2), Apps.deployment(StrategySpec.Type.ROLLING)), T0);

        assertThat(kinds(plan)).containsExactly("Finish", "ResetBackoff", "WakeAt");
        assertThat(only(plan, Action.Finish.class).finished().reason()).isEqualTo(Deployment.Reason.DEPLOYED);
    }

    @Test
    void noProgressWithinTheDeadlineRollsBackOrPausesAsOnFailureSays() {
        Deployment d = Apps.deployment(StrategySpec.Type.ROLLING);
        List<Instance> stuck = List.of(serving("o0", 1), serving("o1", 1), starting("n0", 2), starting("n1", 2));

        Plan rolledBack = AppPlanner.plan(state(ROLLING, stuck, d), T0.plusSeconds(60));
        assertThat(kinds(rolledBack)).containsExactly("RollBack", "ResetBackoff", "WakeAt");
        assertThat(only(rolledBack, Action.RollBack.class).canceling().failure()).isEqualTo("no progress for 60s (progressDeadlineSeconds)");

        AppSpec pausing = spec("{type: rolling, progressDeadlineSeconds: 60, onFailure: pause}", "");
        Plan paused = AppPlanner.plan(state(pausing, stuck, d), T0.plusSeconds(60));
        assertThat(kinds(paused)).containsExactly("RecordStep", "ResetBackoff", "WakeAt");
        assertThat(only(paused, Action.RecordStep.class).deployment().reason()).isEqualTo(Deployment.Reason.PAUSED);
        assertThat(only(paused, Action.RecordStep.class).events()).extracting(Event::type).containsExactly("deployment_paused");

        assertThat(AppPlanner.plan(state(ROLLING, stuck, d), T0.plusSeconds(59)).all(Action.RollBack.class)).isEmpty();
        Deployment heldByOperator = d.moveTo(Deployment.Reason.PAUSED, "paused by an operator", T0);
        assertThat(AppPlanner.plan(state(ROLLING, stuck, heldByOperator), T0.plusSeconds(600)).isEmpty()).isTrue();
    }

    @Test
    void aCanceledDeploymentRollsBackWithTheRollingPlannerAndEndsCanceledOrFailed() {
        Deployment canceling = Apps.deployment(StrategySpec.Type.CANARY).moveTo(Deployment.Reason.CANCELING, "canceled", T0);
        AppSpec back = spec("{type: canary, steps: [{setWeight: 50}]}", "");

        Plan rolling = AppPlanner.plan(state(back, List.of(serving("o0", 1), serving("n0", 2)), canceling), T0);
        assertThat(rolling.all(Action.StartInstance.class)).extracting(Action.StartInstance::revision).containsExactly(1);

        Plan done = AppPlanner.plan(state(back, instances(2, 0), canceling), T0);
        assertThat(only(done, Action.Finish.class).finished().reason()).isEqualTo(Deployment.Reason.CANCELED);
        Deployment failed = Apps.deployment(StrategySpec.Type.ROLLING).failed("boom", Deployment.Reason.CANCELING, T0);
        Action.Finish finish = only(AppPlanner.plan(state(ROLLING, instances(2, 0), failed), T0), Action.Finish.class);
        assertThat(finish.finished().reason()).isEqualTo(Deployment.Reason.FAILED);
        assertThat(finish.event().data()).containsEntry("message", "rolled back to revision 1 after: boom");
    }

    @Test
    void recreateStopsEveryOldInstanceBeforeStartingNewOnes() {
        AppSpec spec = spec("{type: recreate}", "");
        Deployment d = Apps.deployment(StrategySpec.Type.RECREATE);

        Plan stopping = AppPlanner.plan(state(spec, instances(2, 0), d), T0);
        assertThat(stopping.all(Action.StopInstance.class)).hasSize(2);
        assertThat(stopping.all(Action.StartInstance.class)).isEmpty();

        Plan starting = AppPlanner.plan(state(spec, List.of(), d), T0);
        assertThat(starting.all(Action.StartInstance.class)).hasSize(2);
    }

    @Test
    void launchesWaitForTheBackoffToEndWhateverThePlanner() {
        Deployment d = Apps.deployment(StrategySpec.Type.ROLLING);
        LaunchBackoff backoff = LaunchBackoff.NONE.afterFailure(T0);
        AppState app = new AppState(ROLLING, 2, false, instances(2, 0), d, backoff);

        Plan plan = AppPlanner.plan(app, T0.plusMillis(100));

        assertThat(plan.all(Action.StartInstance.class)).isEmpty();
        assertThat(plan.all(Action.RecordStep.class)).hasSize(1);
        assertThat(plan.actions()).contains(new Action.WakeAt(backoff.nextLaunchAt(ROLLING)));
        assertThat(AppPlanner.plan(app, backoff.nextLaunchAt(ROLLING)).all(Action.StartInstance.class)).hasSize(2);
    }

    @Test
    void failedLaunchesOfTheNewRevisionCountAndFailTheDeploymentAtTheLimitWithTheLog() {
        Deployment d = Apps.deployment(StrategySpec.Type.ROLLING);
        Observation.InstanceFailed crash = new Observation.InstanceFailed(T0, starting("n0", 2), "panic: no config");

        Plan once = AppPlanner.observe(state(ROLLING, instances(2, 0), d), crash);
        assertThat(kinds(once)).containsExactly("RecordStep");
        Deployment counted = only(once, Action.RecordStep.class).deployment();
        assertThat(counted.launchFailures()).isEqualTo(1);

        Plan twice = AppPlanner.observe(state(ROLLING, instances(2, 0), counted), crash);
        assertThat(kinds(twice)).containsExactly("RecordStep", "RollBack", "ResetBackoff", "WakeAt");
        assertThat(only(twice, Action.RollBack.class).canceling().failure())
                .isEqualTo("new instances failed 2 times (maxLaunchFailures 2); last log lines of n0:\npanic: no config");

        Observation.InstanceFailed oldOne = new Observation.InstanceFailed(T0, serving("o0", 1), "");
        assertThat(AppPlanner.observe(state(ROLLING, instances(2, 0), d), oldOne).isEmpty()).as("not the new revision").isTrue();
    }

    @Test
    void theSteadyStateAndADeleteArePlansToo() {
        AppState steady = new AppState(ROLLING, 2, false, List.of(serving("n0", 2), serving("o0", 1)), null, LaunchBackoff.NONE);
        assertThat(AppPlanner.plan(steady, T0).actions())
                .containsExactly(new Action.StopInstance("o0", "replaced by revision 2"), new Action.StartInstance(2));

        AppState deleting = new AppState(ROLLING, 2, true, List.of(serving("n0", 2)), null, LaunchBackoff.NONE);
        assertThat(AppPlanner.plan(deleting, T0).actions()).containsExactly(new Action.StopInstance("n0", "app deleted"));
        AppState gone = new AppState(ROLLING, 2, true, List.of(), null, LaunchBackoff.NONE);
        assertThat(AppPlanner.plan(gone, T0).actions()).containsExactly(new Action.RemoveApp());
    }
}
