package io.cutover.core.deploy;

import static io.cutover.core.deploy.Apps.T0;
import static io.cutover.core.deploy.Apps.kinds;
import static io.cutover.core.deploy.Apps.only;
import static io.cutover.core.deploy.Apps.serving;
import static io.cutover.core.deploy.Apps.spec;
import static io.cutover.core.deploy.Apps.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.StrategySpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Canary deployments as plans: when weights go out, when windows open and close, what a verdict does. */
class CanaryPlannerTest {

    private static final List<io.cutover.core.model.Instance> ONE_CANARY = List.of(serving("o0", 1), serving("o1", 1), serving("n0", 2));

    private static RevisionCounters counted(long requests, long errors) {
        return new RevisionCounters(requests, errors, new TreeMap<>(Map.of(1000L, requests)));
    }

    @Test
    void aCanaryInstanceReadyTakesTheFirstWeightPublishedAndConfirmedBeforeTheNextStep() {
        AppSpec spec = spec("{type: canary, steps: [{setWeight: 50}, {pause: {}}]}", "");
        Deployment d = Apps.deployment(StrategySpec.Type.CANARY);

        Plan plan = AppPlanner.plan(state(spec, ONE_CANARY, d), T0);

        assertThat(kinds(plan)).containsExactly("RecordStep", "PublishRoutes", "WakeAt", "WakeAt");
        Action.RecordStep step = only(plan, Action.RecordStep.class);
        assertThat(step.deployment().weights()).containsEntry(1, 50).containsEntry(2, 50);
        assertThat(step.events()).extracting(Event::type).containsExactly("deployment_step");
        assertThat(step.events().get(0).data()).containsEntry("weight", 50).containsEntry("step", 2);
        assertThat(only(plan, Action.PublishRoutes.class).awaitRouters()).isTrue();
        assertThat(plan.wakeAt()).as("again once the routers confirmed it").isEqualTo(T0);
    }

    @Test
    void aPauseUntilContinuedRecordsThePauseOnceAndWaits() {
        AppSpec spec = spec("{type: canary, steps: [{setWeight: 50}, {pause: {}}]}", "");
        Deployment d = Apps.deployment(StrategySpec.Type.CANARY);
        Deployment weighted = only(AppPlanner.plan(state(spec, ONE_CANARY, d), T0), Action.RecordStep.class).deployment();

        Plan paused = AppPlanner.plan(state(spec, ONE_CANARY, weighted), T0.plusSeconds(1));
        Action.RecordStep step = only(paused, Action.RecordStep.class);
        assertThat(step.deployment().reason()).isEqualTo(Deployment.Reason.PAUSED);
        assertThat(step.deployment().message()).contains("paused until continued").doesNotContain("cancel");
        assertThat(step.events()).extracting(Event::type).contains("deployment_paused");
        assertThat(paused.all(Action.PublishRoutes.class)).isEmpty();

        Plan still = AppPlanner.plan(state(spec, ONE_CANARY, step.deployment()), T0.plusSeconds(2));
        assertThat(only(still, Action.RecordStep.class).events()).as("paused once").isEmpty();
    }

    @Test
    void anAnalysisStepOpensAWindowThenItsVerdictDecides() {
        AppSpec spec = spec("{type: canary, steps: [{setWeight: 50}, {analysis: {interval: 30s, maxErrorRate: 0.05, minSamples: 10}}]}", "");
        Deployment d = Apps.deployment(StrategySpec.Type.CANARY);
        Deployment weighted = only(AppPlanner.plan(state(spec, ONE_CANARY, d), T0), Action.RecordStep.class).deployment();

        Plan begin = AppPlanner.plan(state(spec, ONE_CANARY, weighted), T0.plusSeconds(1));
        assertThat(begin.actions().get(begin.actions().size() - 1)).isEqualTo(new Action.BeginAnalysis(AnalysisSlot.STEP));
        Deployment recorded = only(begin, Action.RecordStep.class).deployment();
        Plan opened = AppPlanner.observe(state(spec, ONE_CANARY, recorded), new Observation.WindowOpened(AnalysisSlot.STEP,
                T0.plusSeconds(1), counted(100, 0), counted(10, 0)));
        Deployment analyzing = only(opened, Action.RecordStep.class).deployment();
        assertThat(analyzing.canary().window().startedAt()).isEqualTo(T0.plusSeconds(1));

        assertThat(AppPlanner.plan(state(spec, ONE_CANARY, analyzing), T0.plusSeconds(10)).all(Action.JudgeAnalysis.class))
                .as("the window still runs").isEmpty();
        Plan judge = AppPlanner.plan(state(spec, ONE_CANARY, analyzing), T0.plusSeconds(31));
        assertThat(judge.actions().get(judge.actions().size() - 1)).isEqualTo(new Action.JudgeAnalysis(AnalysisSlot.STEP));

        Deployment before = only(judge, Action.RecordStep.class).deployment();
        Plan failed = AppPlanner.observe(state(spec, ONE_CANARY, before), new Observation.WindowClosed(AnalysisSlot.STEP,
                T0.plusSeconds(31), counted(300, 0), counted(110, 40)));
        assertThat(kinds(failed)).containsExactly("RecordStep", "RollBack", "ResetBackoff", "PublishRoutes", "WakeAt");
        assertThat(only(failed, Action.RecordStep.class).events()).extracting(Event::type).contains("analysis_result");
        Deployment canceling = only(failed, Action.RollBack.class).canceling();
        assertThat(canceling.failure()).startsWith("analysis failed at step 2: ");
        assertThat(canceling.weights()).as("weights first: nothing more to the canary").containsEntry(2, 0);

        Plan passed = AppPlanner.observe(state(spec, ONE_CANARY, before), new Observation.WindowClosed(AnalysisSlot.STEP,
                T0.plusSeconds(31), counted(300, 0), counted(110, 0)));
        assertThat(kinds(passed)).containsExactly("RecordStep", "WakeAt");
        assertThat(only(passed, Action.RecordStep.class).deployment().canary().step()).as("the next step").isEqualTo(2);
    }

    @Test
    void aPauseNobodyContinuedInTimeCancelsItWeightsFirst() {
        AppSpec spec = spec("{type: canary, stepTimeoutSeconds: 60, steps: [{setWeight: 50}, {pause: {}}]}", "");
        Deployment d = Apps.deployment(StrategySpec.Type.CANARY);
        Deployment weighted = only(AppPlanner.plan(state(spec, ONE_CANARY, d), T0), Action.RecordStep.class).deployment();
        Deployment paused = only(AppPlanner.plan(state(spec, ONE_CANARY, weighted), T0), Action.RecordStep.class).deployment();

        Plan late = AppPlanner.plan(state(spec, ONE_CANARY, paused), T0.plusSeconds(61));

        assertThat(kinds(late)).containsExactly("RollBack", "ResetBackoff", "PublishRoutes", "WakeAt");
        Deployment canceling = only(late, Action.RollBack.class).canceling();
        assertThat(canceling.failure()).as("canceled, not failed").isNull();
        assertThat(canceling.message()).contains("nobody continued it within 60s (stepTimeoutSeconds)");
    }

    @Test
    void theCanaryWithAllTrafficAndNoStableLeftFinishesAndItsHostGoes() {
        AppSpec spec = spec("{type: canary, steps: [{setWeight: 50}]}", "");
        Deployment d = Apps.deployment(StrategySpec.Type.CANARY);
        Deployment done = d.withCanary(d.canary().promoted().withWeight(100), Deployment.Reason.DEPLOYING, "promoting", T0);

        Plan plan = AppPlanner.plan(state(spec, Apps.instances(0, 2), done), T0);

        assertThat(kinds(plan)).containsExactly("Finish", "ResetBackoff", "PublishRoutes", "WakeAt");
        Action.Finish finish = only(plan, Action.Finish.class);
        assertThat(finish.finished().reason()).isEqualTo(Deployment.Reason.DEPLOYED);
        assertThat(finish.event().data()).containsEntry("outcome", "DEPLOYED").containsEntry("message", "revision 2 runs on 2 instances");
        assertThat(only(plan, Action.PublishRoutes.class).awaitRouters()).isFalse();
    }

    @Test
    void aNewAppDeploysItsFirstCanaryRevisionAsARollingDeployment() {
        AppSpec spec = spec("{type: canary, steps: [{setWeight: 50}]}", "");
        Deployment first = Deployment.start(1, "a", StrategySpec.Type.CANARY, 0, 1, 0, T0);

        Plan plan = AppPlanner.plan(new AppState(spec, 1, false, List.of(), first, LaunchBackoff.NONE), T0);

        assertThat(plan.all(Action.StartInstance.class)).hasSize(2);
        assertThat(only(plan, Action.RecordStep.class).deployment().message()).isEqualTo("0 of 2 new instances ready (0 running); 0 old instances left");
    }
}
