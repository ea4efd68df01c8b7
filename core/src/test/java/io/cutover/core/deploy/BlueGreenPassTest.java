package io.cutover.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.deploy.BlueGreenPass.Due;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.deploy.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blue-green planner, pass by pass. */
class BlueGreenPassTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final int BLUE = 1;
    private static final int GREEN = 2;

    private static AppSpec spec(String strategy, String more) {
        return Manifests.parse("name: a\ninstances: 2\nrun: {command: x}\nstrategy: " + strategy + "\n" + more);
    }

    private static Instance instance(String id, int revision, boolean routable) {
        return new Instance(id, "a", revision, "127.0.0.1", 1, 1, null, routable ? InstanceState.RUNNING : InstanceState.STARTING,
                routable ? Health.HEALTHY : Health.UNKNOWN, routable, T0, "-");
    }

    private static List<Instance> instances(int blue, int greenReady) {
        List<Instance> all = new ArrayList<>();
        for (int i = 0; i < blue; i++) {
            all.add(instance("b" + i, BLUE, true));
        }
        for (int i = 0; i < greenReady; i++) {
            all.add(instance("g" + i, GREEN, true));
        }
        return all;
    }

    private static BlueGreenPass.Pass pass(AppSpec spec, BlueGreenState state, List<Instance> all, Instant now) {
        return BlueGreenPass.of(spec.strategy(), spec.hooks() == null ? null : spec.hooks().handoff(), 2, BLUE, GREEN, state, all, now);
    }

    private static long starts(BlueGreenPass.Pass pass, int revision) {
        return pass.actions().stream().filter(a -> a instanceof Action.StartInstance s && s.revision() == revision).count();
    }

    private static long stops(BlueGreenPass.Pass pass) {
        return pass.actions().stream().filter(a -> a instanceof Action.StopInstance).count();
    }

    @Test
    void startsGreenAtFullSizeBesideBlueThenWaitsForPromote() {
        AppSpec spec = spec("{type: blueGreen}", "");

        BlueGreenPass.Pass starting = pass(spec, BlueGreenState.START, instances(2, 0), T0);
        assertThat(starts(starting, GREEN)).isEqualTo(2);
        assertThat(starts(starting, BLUE)).isZero();
        assertThat(stops(starting)).isZero();

        BlueGreenPass.Pass ready = pass(spec, BlueGreenState.START, instances(2, 2), T0);
        assertThat(ready.state().phase()).isEqualTo(BlueGreenState.Phase.DUAL_RUNNING);
        assertThat(ready.state().checksPassed()).as("no checks to run").isTrue();
        assertThat(ready.waitsForPromotion()).isTrue();
        assertThat(ready.due()).isNull();

        BlueGreenPass.Pass promoted = pass(spec, ready.state().promoted(), instances(2, 2), T0);
        assertThat(promoted.due()).isEqualTo(Due.SWITCH);
    }

    @Test
    void runsTheProbesFirstAndAutoPromotesAfterTheDelay() {
        AppSpec spec = spec("{type: blueGreen, autoPromotionSeconds: 30, prePromotionChecks: [{path: /health}]}", "");

        BlueGreenPass.Pass ready = pass(spec, BlueGreenState.START, instances(2, 2), T0);
        assertThat(ready.due()).isEqualTo(Due.CHECKS);
        BlueGreenState probed = ready.state().recorded(new CanaryState.AnalysisResult(BlueGreenPass.CHECKS,
                CanaryJudge.Verdict.PASS, "ok", T0, false));

        BlueGreenPass.Pass waiting = pass(spec, probed, instances(2, 2), T0.plusSeconds(10));
        assertThat(waiting.state().checksPassed()).isTrue();
        assertThat(waiting.waitsForPromotion()).as("auto-promotion: not a pause").isFalse();
        assertThat(waiting.wakeAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(pass(spec, waiting.state(), instances(2, 2), T0.plusSeconds(30)).due()).isEqualTo(Due.SWITCH);
    }

    @Test
    void aHandoffBeforeStartRunsBeforeAnyGreenInstanceAndBeforeSwitchRunsAfterPromote() {
        AppSpec beforeStart = spec("{type: blueGreen}", "hooks: {handoff: {command: echo 5}}");
        BlueGreenPass.Pass first = pass(beforeStart, BlueGreenState.START, instances(2, 0), T0);
        assertThat(first.due()).isEqualTo(Due.HANDOFF);
        assertThat(starts(first, GREEN)).as("green starts with the hand-off").isZero();
        assertThat(starts(pass(beforeStart, BlueGreenState.START.handedOff("5"), instances(2, 0), T0), GREEN)).isEqualTo(2);

        AppSpec beforeSwitch = spec("{type: blueGreen}", "hooks: {handoff: {command: echo 5, before: switch}}");
        BlueGreenState ready = pass(beforeSwitch, BlueGreenState.START, instances(2, 2), T0).state();
        assertThat(pass(beforeSwitch, ready, instances(2, 2), T0).due()).as("nobody promoted yet").isNull();
        assertThat(pass(beforeSwitch, ready.promoted(), instances(2, 2), T0).due()).isEqualTo(Due.HANDOFF);
        assertThat(pass(beforeSwitch, ready.promoted().handedOff("5"), instances(2, 2), T0).due()).isEqualTo(Due.SWITCH);
    }

    @Test
    void anInconclusivePreviewAnalysisWaitsForAPromoteAndNeverPassesSilently() {
        AppSpec spec = spec("{type: blueGreen, autoPromotionSeconds: 0, prePromotionAnalysis: {interval: 10s}}", "");
        BlueGreenState ready = pass(spec, BlueGreenState.START, instances(2, 2), T0).state();
        BlueGreenState unsure = ready.recorded(new CanaryState.AnalysisResult(BlueGreenPass.PRE_PROMOTION,
                CanaryJudge.Verdict.INCONCLUSIVE, "too few requests", T0, false));

        BlueGreenPass.Pass held = pass(spec, unsure, instances(2, 2), T0.plusSeconds(60));
        assertThat(held.waitsForPromotion()).isTrue();
        assertThat(held.due()).as("even auto-promotion waits").isNull();
        assertThat(pass(spec, unsure.promoted(), instances(2, 2), T0.plusSeconds(60)).due()).isEqualTo(Due.SWITCH);
    }

    @Test
    void keepsBlueWarmForTheDelayAndUntilThePostPromotionVerdictThenStopsIt() {
        AppSpec spec = spec("{type: blueGreen, scaleDownDelaySeconds: 30, postPromotionAnalysis: {interval: 60s}}", "");
        BlueGreenState switched = BlueGreenState.START.switching().switchedAt(T0, null);

        BlueGreenPass.Pass warm = pass(spec, switched, instances(2, 2), T0.plusSeconds(10));
        assertThat(stops(warm)).isZero();
        assertThat(warm.due()).isEqualTo(Due.ANALYSIS_BEGIN);
        assertThat(warm.stage()).isEqualTo(BlueGreenPass.POST_PROMOTION);
        BlueGreenState analyzing = switched.analyzing(new CanaryState.AnalysisWindow(T0.plusSeconds(10),
                io.cutover.core.analysis.RevisionCounters.NONE, io.cutover.core.analysis.RevisionCounters.NONE));
        assertThat(stops(pass(spec, analyzing, instances(2, 2), T0.plusSeconds(40)))).as("the verdict is not in yet").isZero();

        BlueGreenState judged = analyzing.recorded(new CanaryState.AnalysisResult(BlueGreenPass.POST_PROMOTION,
                CanaryJudge.Verdict.PASS, "fine", T0.plusSeconds(70), false));
        BlueGreenPass.Pass teardown = pass(spec, judged, instances(2, 2), T0.plusSeconds(70));
        assertThat(stops(teardown)).isEqualTo(2);
        assertThat(starts(teardown, BLUE)).isZero();
        assertThat(pass(spec, judged, instances(0, 2), T0.plusSeconds(80)).complete()).isTrue();
    }
}
