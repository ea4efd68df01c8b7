package io.cutover.core.deploy;

import static io.cutover.core.deploy.Apps.T0;
import static io.cutover.core.deploy.Apps.instances;
import static io.cutover.core.deploy.Apps.kinds;
import static io.cutover.core.deploy.Apps.only;
import static io.cutover.core.deploy.Apps.spec;
import static io.cutover.core.deploy.Apps.state;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.StrategySpec;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Blue-green deployments as plans: what the planner asks for, and what follows each answer. */
class BlueGreenPlannerTest {

    private static final RevisionCounters BLUE_AT_START = new RevisionCounters(100, 0, new TreeMap<>());

    private static Deployment baselined() {
        Deployment d = Apps.deployment(StrategySpec.Type.BLUE_GREEN);
        return d.withBlueGreen(d.blueGreen().withBaseline(BLUE_AT_START), d.reason(), d.message(), T0);
    }

    private static Deployment with(Deployment d, BlueGreenState state) {
        return d.withBlueGreen(state, Deployment.Reason.DEPLOYING, d.message(), T0);
    }

    @Test
    void firstReadsBluesBaselineAndRecordsIt() {
        AppSpec spec = spec("{type: blueGreen}", "");
        Deployment d = Apps.deployment(StrategySpec.Type.BLUE_GREEN);

        Plan plan = AppPlanner.plan(state(spec, instances(2, 0), d), T0);
        assertThat(plan.actions()).containsExactly(new Action.BeginAnalysis(AnalysisSlot.BASELINE));

        Plan after = AppPlanner.observe(state(spec, instances(2, 0), d),
                new Observation.WindowOpened(AnalysisSlot.BASELINE, T0, BLUE_AT_START, RevisionCounters.NONE));
        assertThat(kinds(after)).containsExactly("RecordStep", "WakeAt");
        assertThat(only(after, Action.RecordStep.class).deployment().blueGreen().blueBaseline()).isEqualTo(BLUE_AT_START);
    }

    @Test
    void greenReadyHandOffDoneProbesPassedAndPromotedPublishesTheSwitchThenRecordsTeardown() {
        AppSpec spec = spec("{type: blueGreen, prePromotionChecks: [{path: /health}]}", "hooks: {handoff: {command: echo 5, before: switch}}");
        BlueGreenState ready = BlueGreenPass.of(spec.strategy(), spec.hooks().handoff(), 2, 1, 2, baselined().blueGreen(),
                instances(2, 2), T0).state()
                .recorded(new CanaryState.AnalysisResult(BlueGreenPass.CHECKS, CanaryJudge.Verdict.PASS, "ok", T0, false))
                .checked().promoted().handedOff("5");
        Deployment d = with(baselined(), ready);

        Plan plan = AppPlanner.plan(state(spec, instances(2, 2), d), T0.plusSeconds(1));

        assertThat(kinds(plan)).containsExactly("RecordStep", "Switch");
        Action.RecordStep switching = only(plan, Action.RecordStep.class);
        assertThat(switching.deployment().blueGreen().phase()).isEqualTo(BlueGreenState.Phase.SWITCHING);
        assertThat(switching.events()).extracting(Event::type).containsExactly("deployment_phase");
        assertThat(switching.deployment().weights()).as("the switch: everything to green").containsEntry(2, 100).containsEntry(1, 0);

        RevisionCounters blueNow = new RevisionCounters(160, 1, new TreeMap<>());
        Plan after = AppPlanner.observe(state(spec, instances(2, 2), switching.deployment()),
                new Observation.Switched(T0.plusSeconds(2), blueNow));
        assertThat(kinds(after)).containsExactly("RecordStep", "WakeAt");
        Deployment switched = only(after, Action.RecordStep.class).deployment();
        assertThat(switched.blueGreen().phase()).isEqualTo(BlueGreenState.Phase.TEARDOWN);
        assertThat(switched.blueGreen().switchedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(switched.blueGreen().blueBeforeSwitch().requests()).as("blue's traffic since the start").isEqualTo(60);
        assertThat(only(after, Action.RecordStep.class).events()).extracting(Event::type).containsExactly("deployment_switched");
    }

    @Test
    void greenReadyRunsTheProbesAndAFailedProbeRollsBackWeightsFirst() {
        AppSpec spec = spec("{type: blueGreen, prePromotionChecks: [{path: /health}]}", "");
        Deployment d = baselined();

        Plan plan = AppPlanner.plan(state(spec, instances(2, 2), d), T0);
        assertThat(plan.actions().get(plan.actions().size() - 1)).isEqualTo(new Action.ProbePreview(spec.strategy().prePromotionChecks()));
        Deployment recorded = only(plan, Action.RecordStep.class).deployment();
        assertThat(recorded.blueGreen().phase()).isEqualTo(BlueGreenState.Phase.DUAL_RUNNING);

        Plan failed = AppPlanner.observe(state(spec, instances(2, 2), recorded), new Observation.Probed(T0, "GET /health → 500"));
        assertThat(kinds(failed)).containsExactly("RollBack", "ResetBackoff", "PublishRoutes", "WakeAt");
        Action.RollBack rollBack = only(failed, Action.RollBack.class);
        assertThat(rollBack.canceling().failure()).isEqualTo("pre-promotion check failed: GET /health → 500");
        assertThat(rollBack.canceling().weights()).as("everything to blue").containsEntry(1, 100).containsEntry(2, 0);
        assertThat(only(failed, Action.PublishRoutes.class).awaitRouters()).isTrue();
    }

    @Test
    void aHandOffBeforeStartHoldsGreenUntilItRanAndAFailedHookRollsBack() {
        AppSpec spec = spec("{type: blueGreen}", "hooks: {handoff: {command: echo 5}}");
        Deployment d = baselined();

        Plan plan = AppPlanner.plan(state(spec, instances(2, 0), d), T0);
        assertThat(plan.all(Action.StartInstance.class)).as("green starts with the hand-off").isEmpty();
        assertThat(plan.actions().get(plan.actions().size() - 1)).isEqualTo(new Action.RunHandoff(spec.hooks().handoff(), 1));

        Plan handedOff = AppPlanner.observe(state(spec, instances(2, 0), d), new Observation.HandedOff(T0, true, "state=5"));
        Action.RecordStep step = only(handedOff, Action.RecordStep.class);
        assertThat(step.deployment().blueGreen().handoff()).isEqualTo("state=5");
        assertThat(step.deployment().handoffFor(2)).isEqualTo("state=5");
        assertThat(step.events()).extracting(Event::type).containsExactly("handoff_completed");
        assertThat(AppPlanner.plan(state(spec, instances(2, 0), step.deployment()), T0).all(Action.StartInstance.class)).hasSize(2);

        Plan failed = AppPlanner.observe(state(spec, instances(2, 0), d), new Observation.HandedOff(T0, false, "exited with 3"));
        assertThat(only(failed, Action.RollBack.class).canceling().failure())
                .isEqualTo("hand-off hook failed, nothing switched, blue keeps serving: exited with 3");
    }

    @Test
    void aFailedPostPromotionVerdictIsRecordedThenSwitchesBack() {
        AppSpec spec = spec("{type: blueGreen, postPromotionAnalysis: {interval: 10s, maxErrorRate: 0.01, minSamples: 10}}", "");
        RevisionCounters green = new RevisionCounters(0, 0, new TreeMap<>());
        BlueGreenState switched = baselined().blueGreen().switching()
                .switchedAt(T0, new RevisionCounters(200, 0, new TreeMap<>(java.util.Map.of(1000L, 200L))))
                .analyzing(new CanaryState.AnalysisWindow(T0, RevisionCounters.NONE, green));
        Deployment d = with(baselined(), switched);

        Plan plan = AppPlanner.plan(state(spec, instances(2, 2), d), T0.plusSeconds(10));
        assertThat(plan.actions().get(plan.actions().size() - 1)).isEqualTo(new Action.JudgeAnalysis(AnalysisSlot.POST_PROMOTION));
        assertThat(plan.all(Action.StopInstance.class)).as("blue stays warm until the verdict").isEmpty();

        RevisionCounters failing = new RevisionCounters(100, 50, new TreeMap<>(java.util.Map.of(1000L, 100L)));
        Plan judged = AppPlanner.observe(state(spec, instances(2, 2), only(plan, Action.RecordStep.class).deployment()),
                new Observation.WindowClosed(AnalysisSlot.POST_PROMOTION, T0.plusSeconds(10), RevisionCounters.NONE, failing));

        assertThat(kinds(judged)).containsExactly("RecordStep", "RollBack", "ResetBackoff", "PublishRoutes", "WakeAt");
        Action.RecordStep verdict = only(judged, Action.RecordStep.class);
        assertThat(verdict.events()).extracting(Event::type).containsExactly("analysis_result");
        assertThat(verdict.events().get(0).data()).containsEntry("verdict", "FAIL").containsEntry("stage", "postPromotion");
        Deployment back = only(judged, Action.RollBack.class).canceling();
        assertThat(back.failure()).startsWith("post-promotion analysis failed, switched back to revision 1: ");
        assertThat(back.blueGreen().results()).as("the verdict stays on the deployment").hasSize(1);
        assertThat(back.weights()).containsEntry(1, 100);
    }

    @Test
    void noProgressWhileGreenStartsFailsItButAWaitForPromoteHasNoDeadline() {
        AppSpec spec = spec("{type: blueGreen, progressDeadlineSeconds: 60}", "");
        Deployment d = baselined();
        Instant late = T0.plusSeconds(61);

        Plan starting = AppPlanner.plan(state(spec, List.of(Apps.serving("o0", 1), Apps.serving("o1", 1), Apps.starting("n0", 2)), d), late);
        assertThat(only(starting, Action.RollBack.class).canceling().failure()).isEqualTo("no progress for 60s (progressDeadlineSeconds)");

        Deployment waiting = with(d, BlueGreenPass.of(spec.strategy(), null, 2, 1, 2, d.blueGreen(), instances(2, 2), T0).state());
        Plan idle = AppPlanner.plan(state(spec, instances(2, 2), waiting.moveTo(Deployment.Reason.PAUSED, "waiting", T0)), late);
        assertThat(idle.all(Action.RollBack.class)).isEmpty();
        assertThat(only(idle, Action.RecordStep.class).deployment().reason()).isEqualTo(Deployment.Reason.PAUSED);
    }
}
