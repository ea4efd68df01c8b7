package io.cutover.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.analysis.CanaryJudge.Judgement;
import io.cutover.core.analysis.CanaryJudge.Verdict;
import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.deploy.CanarySteps.Step;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.deploy.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The canary planner, pass by pass, with the instances as a table of states. */
class CanaryPassTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final int STABLE = 1;
    private static final int CANARY = 2;

    private static StrategySpec strategy(String yaml) {
        return Manifests.parse("name: a\ninstances: 4\nrun: {command: x}\nstrategy:\n" + yaml.indent(2)).strategy();
    }

    private static Instance instance(String id, int revision, boolean routable) {
        return new Instance(id, "a", revision, "127.0.0.1", 1, 1, null, routable ? InstanceState.RUNNING : InstanceState.STARTING,
                routable ? Health.HEALTHY : Health.UNKNOWN, routable, T0, "-");
    }

    private static List<Instance> stable(int n) {
        List<Instance> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(instance("s" + i, STABLE, true));
        }
        return all;
    }

    private static List<Instance> with(List<Instance> base, Instance... more) {
        List<Instance> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static CanaryPass.Pass pass(StrategySpec s, CanaryState state, List<Instance> all, Instant now) {
        return CanaryPass.of(s, CanarySteps.of(s, 4), 4, STABLE, CANARY, state, all, now);
    }

    private static long starts(CanaryPass.Pass pass, int revision) {
        return pass.actions().stream().filter(a -> a instanceof Action.StartInstance s && s.revision() == revision).count();
    }

    private static List<String> stops(CanaryPass.Pass pass) {
        return pass.actions().stream().filter(a -> a instanceof Action.StopInstance).map(a -> ((Action.StopInstance) a).instanceId()).toList();
    }

    @Test
    void expandsTheShorthands() {
        assertThat(CanarySteps.of(strategy("{type: canary, stepWeights: [20, 50, 100]}"), 4)).containsExactly(
                new Step.SetWeight(20), new Step.Pause(null), new Step.SetWeight(50), new Step.Pause(null), new Step.SetWeight(100));
        assertThat(CanarySteps.of(strategy("{type: canary, stepWeights: [20, 100], autoContinue: true}"), 4))
                .containsExactly(new Step.SetWeight(20), new Step.SetWeight(100));
        assertThat(CanarySteps.of(strategy("{type: canary, instanceSteps: [1, 4]}"), 4)).containsExactly(
                new Step.SetScale(new CanarySteps.Scale(1, null)), new Step.SetWeight(25), new Step.Pause(null),
                new Step.SetScale(new CanarySteps.Scale(4, null)), new Step.SetWeight(100));
        assertThat(CanarySteps.of(strategy("{type: canary, steps: [{setWeight: 5}, {pause: {duration: 90s}}]}"), 4))
                .containsExactly(new Step.SetWeight(5), new Step.Pause(java.time.Duration.ofSeconds(90)));
    }

    @Test
    void startsOneCanaryAndKeepsTheStableRevisionAtFullSize() {
        StrategySpec s = strategy("{type: canary, stepWeights: [20, 100]}");

        CanaryPass.Pass first = pass(s, CanaryState.START, stable(4), T0);

        assertThat(starts(first, CANARY)).isEqualTo(1);
        assertThat(stops(first)).isEmpty();
        assertThat(first.weightChanged()).isFalse();
        assertThat(first.state().weight()).isZero();
        assertThat(first.state().step()).as("the weight waits for its instance").isZero();
    }

    @Test
    void setsTheWeightOnlyOnceTheCanaryTakesTrafficThenPausesUntilContinued() {
        StrategySpec s = strategy("{type: canary, stepWeights: [20, 100]}");
        List<Instance> all = with(stable(4), instance("c0", CANARY, true));

        CanaryPass.Pass weighted = pass(s, CanaryState.START, all, T0);

        assertThat(weighted.weightChanged()).isTrue();
        assertThat(weighted.state().weight()).isEqualTo(20);
        assertThat(weighted.paused()).as("the pause starts only after the weight is confirmed").isFalse();

        CanaryPass.Pass paused = pass(s, weighted.state(), all, T0.plusSeconds(1));
        assertThat(paused.paused()).isTrue();
        assertThat(paused.wakeAt()).isNull();
        assertThat(paused.actions()).isEmpty();

        CanaryPass.Pass stillPaused = pass(s, paused.state(), all, T0.plusSeconds(3600));
        assertThat(stillPaused.paused()).isTrue();
        assertThat(stillPaused.timedOut()).isFalse();
    }

    @Test
    void oneCanaryInstanceCanTakeFivePercent() {
        StrategySpec s = strategy("{type: canary, steps: [{setWeight: 5}, {pause: {}}]}");
        CanaryPass.Pass pass = pass(s, CanaryState.START, with(stable(4), instance("c0", CANARY, true)), T0);

        assertThat(pass.state().weight()).isEqualTo(5);
        assertThat(starts(pass, CANARY)).isZero();
    }

    @Test
    void aTimedPauseEndsByItselfAndSaysWhen() {
        StrategySpec s = strategy("{type: canary, steps: [{setWeight: 20}, {pause: {duration: 90s}}, {setWeight: 50}]}");
        List<Instance> all = with(stable(4), instance("c0", CANARY, true));
        CanaryState weighted = pass(s, CanaryState.START, all, T0).state();

        CanaryPass.Pass pausing = pass(s, weighted, all, T0);
        assertThat(pausing.paused()).isTrue();
        assertThat(pausing.wakeAt()).isEqualTo(T0.plusSeconds(90));

        CanaryPass.Pass after = pass(s, pausing.state(), all, T0.plusSeconds(90));
        assertThat(after.paused()).isFalse();
        assertThat(after.state().step()).as("at setWeight 50, which needs a second canary").isEqualTo(2);
        assertThat(starts(after, CANARY)).isEqualTo(1);
    }

    @Test
    void aPauseNobodyAnsweredTimesOut() {
        StrategySpec s = strategy("{type: canary, stepWeights: [20, 100], stepTimeoutSeconds: 60}");
        List<Instance> all = with(stable(4), instance("c0", CANARY, true));
        CanaryState paused = pass(s, pass(s, CanaryState.START, all, T0).state(), all, T0).state();

        assertThat(pass(s, paused, all, T0.plusSeconds(59)).timedOut()).isFalse();
        assertThat(pass(s, paused, all, T0.plusSeconds(59)).wakeAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(pass(s, paused, all, T0.plusSeconds(60)).timedOut()).isTrue();
    }

    @Test
    void boundsTheInstancesStartingAtOnceByMaxInFlight() {
        StrategySpec s = strategy("{type: canary, steps: [{setCanaryScale: {instances: 3}}, {setWeight: 10}], maxInFlight: 2}");

        CanaryPass.Pass first = pass(s, CanaryState.START, stable(4), T0);
        assertThat(starts(first, CANARY)).isEqualTo(2);

        CanaryPass.Pass second = pass(s, first.state(), with(stable(4), instance("c0", CANARY, false), instance("c1", CANARY, true)), T0);
        assertThat(starts(second, CANARY)).isEqualTo(1);
        assertThat(second.weightChanged()).isFalse();
    }

    @Test
    void promotesAfterTheLastStepThenStopsTheStableRevisionOnceTheCanaryHasAllTraffic() {
        StrategySpec s = strategy("{type: canary, stepWeights: [20]}");
        List<Instance> oneCanary = with(stable(4), instance("c0", CANARY, true));
        CanaryState weighted = pass(s, CanaryState.START, oneCanary, T0).state();

        CanaryPass.Pass growing = pass(s, weighted, oneCanary, T0);
        assertThat(growing.state().promoting()).isTrue();
        assertThat(starts(growing, CANARY)).as("maxInFlight 1").isEqualTo(1);
        assertThat(stops(growing)).isEmpty();

        List<Instance> fullCanary = with(stable(4), instance("c0", CANARY, true), instance("c1", CANARY, true),
                instance("c2", CANARY, true), instance("c3", CANARY, true));
        CanaryPass.Pass allTraffic = pass(s, growing.state(), fullCanary, T0);
        assertThat(allTraffic.weightChanged()).isTrue();
        assertThat(allTraffic.state().weight()).isEqualTo(100);
        assertThat(stops(allTraffic)).as("stable goes only after the routers confirmed 100").isEmpty();

        CanaryPass.Pass teardown = pass(s, allTraffic.state(), fullCanary, T0);
        assertThat(stops(teardown)).containsExactlyInAnyOrder("s0", "s1", "s2", "s3");
        assertThat(teardown.complete()).isFalse();

        CanaryPass.Pass done = pass(s, teardown.state(), fullCanary.subList(4, 8), T0);
        assertThat(done.complete()).isTrue();
    }

    @Test
    void promoteFullSkipsTheRemainingSteps() {
        StrategySpec s = strategy("{type: canary, stepWeights: [20, 50, 100]}");
        List<Instance> all = with(stable(4), instance("c0", CANARY, true));
        CanaryState paused = pass(s, pass(s, CanaryState.START, all, T0).state(), all, T0).state();

        CanaryPass.Pass promoted = pass(s, paused.promoted(), all, T0);

        assertThat(promoted.paused()).isFalse();
        assertThat(starts(promoted, CANARY)).isEqualTo(1);
        assertThat(promoted.state().promoting()).isTrue();
    }

    @Test
    void aHeldCanaryTakesNoStep() {
        StrategySpec s = strategy("{type: canary, stepWeights: [20, 100]}");

        CanaryPass.Pass held = pass(s, CanaryState.START.holding(true), with(stable(4), instance("c0", CANARY, true)), T0);

        assertThat(held.weightChanged()).isFalse();
        assertThat(held.state().step()).isZero();
    }

    @Test
    void dynamicStableScaleShrinksTheStableRevisionWithTheCanarysWeight() {
        StrategySpec s = strategy("{type: canary, stepWeights: [50, 100], dynamicStableScale: true}");
        List<Instance> all = with(stable(4), instance("c0", CANARY, true), instance("c1", CANARY, true));
        CanaryState half = pass(s, CanaryState.START, all, T0).state();

        CanaryPass.Pass pass = pass(s, half, all, T0);

        assertThat(stops(pass)).hasSize(2);
    }

    @Test
    void replacesAnUnhealthyCanaryAndAStableInstanceThatDied() {
        StrategySpec s = strategy("{type: canary, stepWeights: [20, 100]}");
        Instance sick = new Instance("c0", "a", CANARY, "127.0.0.1", 1, 1, null, InstanceState.RUNNING, Health.UNHEALTHY, true, T0, "-");

        CanaryPass.Pass pass = pass(s, CanaryState.START, with(stable(3), sick), T0);

        assertThat(stops(pass)).containsExactly("c0");
        assertThat(starts(pass, CANARY)).isEqualTo(1);
        assertThat(starts(pass, STABLE)).isEqualTo(1);
    }

    @Test
    void anAnalysisStepOpensAWindowJudgesItAtItsEndAndWaitsAfterAnInconclusiveVerdict() {
        StrategySpec s = strategy("{type: canary, steps: [{setWeight: 20}, {analysis: {interval: 30s}}, {setWeight: 100}]}");
        List<Instance> all = with(stable(4), instance("c0", CANARY, true));
        CanaryState weighted = pass(s, CanaryState.START, all, T0).state();

        CanaryPass.Pass begin = pass(s, weighted, all, T0);
        assertThat(begin.analysis()).isEqualTo(CanaryPass.AnalysisDue.BEGIN);
        assertThat(begin.wakeAt()).isEqualTo(T0.plusSeconds(30));
        CanaryState open = begin.state().analyzing(window(T0));
        Step.Analysis step = (Step.Analysis) CanarySteps.of(s, 4).get(1);

        assertThat(pass(s, open, all, T0.plusSeconds(29)).analysis()).isNull();
        assertThat(pass(s, open, all, T0.plusSeconds(30)).analysis()).isEqualTo(CanaryPass.AnalysisDue.JUDGE);

        CanaryPass.Pass waiting = pass(s, open.judged(INCONCLUSIVE, step, T0.plusSeconds(30)), all, T0.plusSeconds(31));
        assertThat(waiting.paused()).as("never a silent pass").isTrue();
        assertThat(waiting.state().step()).isEqualTo(1);

        CanaryState passed = open.judged(PASS, step, T0.plusSeconds(30));
        assertThat(passed.step()).isEqualTo(2);
        assertThat(passed.results()).extracting(CanaryState.AnalysisResult::verdict).containsExactly(Verdict.PASS);
        assertThat(pass(s, passed, all, T0.plusSeconds(30)).analysis()).isNull();
    }

    private static final Judgement PASS = new Judgement(Verdict.PASS, "fine", 500, 2000, 0, 0, 0.4);
    private static final Judgement FAIL = new Judgement(Verdict.FAIL, "errors", 500, 2000, 5, 0, 0.4);
    private static final Judgement INCONCLUSIVE = new Judgement(Verdict.INCONCLUSIVE, "too few requests", 0, 0, 0, 0, null);

    private static CanaryState.AnalysisWindow window(Instant at) {
        return new CanaryState.AnalysisWindow(at, RevisionCounters.NONE, RevisionCounters.NONE);
    }

    @Test
    void anAnalysisStepJudgesCountWindowsAndFailsOnlyBeyondItsFailureLimit() {
        StrategySpec s = strategy("{type: canary, steps: [{setWeight: 20}, {analysis: {interval: 10s, count: 3, failureLimit: 1}}]}");
        Step.Analysis step = (Step.Analysis) CanarySteps.of(s, 4).get(1);
        List<Instance> all = with(stable(4), instance("c0", CANARY, true));
        CanaryState at = pass(s, CanaryState.START, all, T0).state();

        CanaryState first = at.analyzing(window(T0)).judged(FAIL, step, T0.plusSeconds(10));
        assertThat(first.failed(step, false)).as("one failure is within failureLimit 1").isFalse();
        assertThat(first.step()).isEqualTo(1);
        assertThat(pass(s, first, all, T0.plusSeconds(10)).analysis()).as("another window").isEqualTo(CanaryPass.AnalysisDue.BEGIN);

        CanaryState second = first.analyzing(window(T0.plusSeconds(10))).judged(PASS, step, T0.plusSeconds(20));
        assertThat(second.step()).as("two of three windows judged").isEqualTo(1);
        CanaryState third = second.analyzing(window(T0.plusSeconds(20))).judged(PASS, step, T0.plusSeconds(30));
        assertThat(third.step()).as("the third window passes the step").isEqualTo(2);

        CanaryState twice = first.analyzing(window(T0.plusSeconds(10))).judged(FAIL, step, T0.plusSeconds(20));
        assertThat(twice.failed(step, false)).as("the second failure is beyond the limit").isTrue();
        assertThat(twice.step()).isEqualTo(1);
    }

    @Test
    void aBackgroundAnalysisRunsWhileTheCanaryHasTrafficAndPromotionWaitsForItsVerdict() {
        StrategySpec s = strategy("{type: canary, steps: [{setWeight: 20}], analysis: {interval: 10s, failureLimit: 1}}");
        Step.Analysis background = CanarySteps.background(s);
        List<Instance> all = with(stable(4), instance("c0", CANARY, true));

        CanaryPass.Pass weighting = pass(s, CanaryState.START, all, T0);
        assertThat(weighting.weightChanged()).isTrue();
        assertThat(weighting.background()).as("no window before the weight is confirmed").isNull();

        CanaryPass.Pass begin = pass(s, weighting.state(), all, T0.plusSeconds(1));
        assertThat(begin.background()).isEqualTo(CanaryPass.AnalysisDue.BEGIN);
        assertThat(begin.state().promoting()).as("the last step is done, but no background verdict yet").isFalse();
        CanaryState open = begin.state().analyzingInBackground(window(T0.plusSeconds(1)));
        assertThat(pass(s, open, all, T0.plusSeconds(5)).wakeAt()).isEqualTo(T0.plusSeconds(11));
        assertThat(pass(s, open, all, T0.plusSeconds(11)).background()).isEqualTo(CanaryPass.AnalysisDue.JUDGE);

        CanaryState failedOnce = open.judgedInBackground(FAIL, T0.plusSeconds(11));
        assertThat(failedOnce.failed(background, true)).as("within failureLimit 1").isFalse();
        CanaryPass.Pass again = pass(s, failedOnce, all, T0.plusSeconds(11));
        assertThat(again.state().promoting()).isTrue();
        assertThat(again.background()).as("promotion ends the background analysis").isNull();
        assertThat(failedOnce.analyzingInBackground(window(T0)).judgedInBackground(FAIL, T0.plusSeconds(20))
                .failed(background, true)).isTrue();

        CanaryState unsure = open.judgedInBackground(INCONCLUSIVE, T0.plusSeconds(11));
        CanaryPass.Pass held = pass(s, unsure, all, T0.plusSeconds(12));
        assertThat(held.paused()).as("an inconclusive window holds the deployment").isTrue();
        assertThat(held.state().promoting()).isFalse();
        CanaryState continued = unsure.continued();
        assertThat(continued.step()).as("continue does not skip a step").isEqualTo(unsure.step());
        assertThat(pass(s, continued, all, T0.plusSeconds(13)).state().promoting())
                .as("an operator who continues takes the inconclusive window as enough").isTrue();
    }

    @Test
    void withAMirrorTheBackgroundAnalysisRunsAtWeightZeroOnceACanaryInstanceTakesCopies() {
        StrategySpec s = strategy("{type: canary, steps: [{setWeight: 0}, {pause: {}}], mirror: {percent: 50}, analysis: {interval: 10s}}");

        assertThat(pass(s, CanaryState.START, stable(4), T0).background()).as("no canary instance yet").isNull();
        CanaryPass.Pass ready = pass(s, CanaryState.START, with(stable(4), instance("c0", CANARY, true)), T0);
        assertThat(ready.state().weight()).isZero();
        assertThat(ready.background()).isEqualTo(CanaryPass.AnalysisDue.BEGIN);
    }
}
