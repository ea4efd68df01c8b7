package io.cutover.core.deploy;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.deploy.BlueGreenState.Phase;
import io.cutover.core.manifest.Durations;
import io.cutover.core.manifest.Hooks;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The instance and phase decisions of one pass of a blue-green deployment, recomputed from the instances
 * and the state; {@link BlueGreenPlanner} turns them into a plan.
 *
 * <p>Green starts at full size beside blue (after the hand-off when it runs {@code before: start});
 * blue keeps serving everything. Once green is ready: the pre-promotion checks (HTTP probes through
 * the preview route, then an analysis of preview traffic), then the promotion — {@code cutover promote}
 * or {@code autoPromotionSeconds} — then the hand-off when it runs {@code before: switch}, then the
 * switch: one route-table generation that sends everything to green, confirmed by every router. Blue
 * stays warm for {@code scaleDownDelaySeconds} (and until a post-promotion analysis gave its verdicts),
 * then drains and stops.
 */
public final class BlueGreenPass {

    private BlueGreenPass() {}

    /** What the executor must do for the deployment to go on, one thing at a time. */
    public enum Due {
        /** Run the hand-off hook against blue and keep its output. */
        HANDOFF,
        /** Send the pre-promotion probes through the preview route. */
        CHECKS,
        /** Open an analysis window (stage 1: preview traffic, stage 2: green after the switch). */
        ANALYSIS_BEGIN,
        /** Judge the open analysis window. */
        ANALYSIS_JUDGE,
        /** Publish the switch to green and wait for every router. */
        SWITCH
    }

    /** The stage of a verdict (its {@code step} in the results): probes, pre-promotion, post-promotion analysis. */
    public static final int CHECKS = 0;
    public static final int PRE_PROMOTION = 1;
    public static final int POST_PROMOTION = 2;

    /**
     * One pass's decision.
     *
     * @param due what the executor does next, or null
     * @param stage for an analysis: {@link #PRE_PROMOTION} or {@link #POST_PROMOTION}
     * @param waitsForPromotion green is ready and checked; nobody promoted it yet (no auto-promotion)
     * @param wakeAt when to plan again at the latest; null if not needed
     * @param complete green serves on every instance and blue is gone
     */
    public record Pass(List<Action> actions, BlueGreenState state, RollingPlanner.Progress progress, @Nullable Due due,
            int stage, boolean waitsForPromotion, @Nullable Instant wakeAt, boolean complete) {
        public Pass {
            actions = List.copyOf(actions);
        }
    }

    /**
     * Plans a pass.
     *
     * @param strategy the blueGreen strategy
     * @param handoff the app's hand-off hook, or null
     * @param desired the app's {@code instances}
     * @param blue the revision that served before
     * @param green the revision being deployed
     */
    public static Pass of(StrategySpec strategy, Hooks.@Nullable Handoff handoff, int desired, int blue, int green,
            BlueGreenState state, List<Instance> all, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<Instance> greens = new ArrayList<>();
        List<Instance> blues = new ArrayList<>();
        int oldRemaining = 0;
        for (Instance instance : all) {
            if (instance.state() == InstanceState.EXITED) {
                continue;
            }
            if (instance.revision() != green) {
                oldRemaining++;
            }
            if (!instance.live()) {
                continue;
            }
            if (instance.health() == Health.UNHEALTHY) {
                actions.add(new Action.StopInstance(instance.id(), "unhealthy"));
            } else if (instance.revision() == green) {
                greens.add(instance);
            } else if (instance.revision() == blue) {
                blues.add(instance);
            } else {
                actions.add(new Action.StopInstance(instance.id(), "replaced by revision " + green));
            }
        }
        int greenRoutable = (int) greens.stream().filter(Instance::routable).count();

        BlueGreenState s = state;
        Due due = null;
        int stage = 0;
        boolean waits = false;
        Instant wakeAt = null;
        boolean handoffFirst = handoff != null && handoff.before() == Hooks.Before.START && s.handoff() == null;

        if (s.phase() == Phase.DEPLOYING && handoffFirst) {
            due = Due.HANDOFF; // the new revision starts with what the old one handed over
        } else if (s.phase() == Phase.DEPLOYING && greenRoutable >= desired) {
            s = s.ready(now);
        }
        if (s.phase() == Phase.DUAL_RUNNING && !s.checksPassed()) {
            boolean probed = strategy.prePromotionChecks() == null || s.verdicts(CHECKS) > 0;
            if (!probed) {
                due = Due.CHECKS;
            } else if (strategy.prePromotionAnalysis() == null || s.lastVerdict(PRE_PROMOTION) == CanaryJudge.Verdict.PASS
                    || s.lastVerdict(PRE_PROMOTION) == CanaryJudge.Verdict.INCONCLUSIVE && s.promote()) {
                s = s.checked(); // a failed verdict never gets here: the executor aborts the deployment
            } else if (s.lastVerdict(PRE_PROMOTION) == CanaryJudge.Verdict.INCONCLUSIVE) {
                waits = true; // never a silent pass: an operator promotes anyway, or cancels
            } else {
                stage = PRE_PROMOTION;
                AnalysisWindowStep window = AnalysisWindowStep.of(s.window(), Durations.parse(strategy.prePromotionAnalysis().interval()), now);
                due = due(window);
                wakeAt = window.wakeAt();
            }
        }
        if (s.phase() == Phase.DUAL_RUNNING && s.checksPassed()) {
            Instant autoAt = strategy.autoPromotionSeconds() == null ? null : s.readyAt().plusSeconds(strategy.autoPromotionSeconds());
            boolean promote = s.promote() || autoAt != null && !now.isBefore(autoAt);
            if (!promote) {
                waits = autoAt == null;
                wakeAt = autoAt;
            } else if (handoff != null && handoff.before() == Hooks.Before.SWITCH && s.handoff() == null) {
                due = Due.HANDOFF;
            } else {
                due = Due.SWITCH;
            }
        }
        if (s.phase() == Phase.SWITCHING) {
            due = Due.SWITCH; // again, if the last pass did not see it through
        }
        boolean blueKept = true;
        if (s.phase() == Phase.TEARDOWN) {
            Instant end = s.switchedAt().plusSeconds(strategy.scaleDownDelaySeconds());
            boolean analysisPending = false;
            if (strategy.postPromotionAnalysis() != null) {
                int count = strategy.postPromotionAnalysis().count() == null ? 1 : strategy.postPromotionAnalysis().count();
                if (s.verdicts(POST_PROMOTION) < count) {
                    analysisPending = true;
                    stage = POST_PROMOTION;
                    AnalysisWindowStep window = AnalysisWindowStep.of(s.window(), Durations.parse(strategy.postPromotionAnalysis().interval()), now);
                    due = due(window);
                    wakeAt = window.wakeAt();
                }
            }
            blueKept = now.isBefore(end) || analysisPending;
            if (now.isBefore(end)) {
                wakeAt = AnalysisWindowStep.earliest(wakeAt, end);
            }
        }

        // Green: full size from the start (once a before-start hand-off ran).
        if (!(s.phase() == Phase.DEPLOYING && handoffFirst)) {
            for (int i = greens.size(); i < desired; i++) {
                actions.add(new Action.StartInstance(green));
            }
        }
        // Blue: full size until the switch (it serves everything), warm after it, then drained.
        if (!blueKept) {
            for (Instance b : blues) {
                actions.add(new Action.StopInstance(b.id(), "replaced by revision " + green + " (blue-green teardown)"));
            }
        } else if (!s.switched()) {
            for (int i = blues.size(); i < desired; i++) {
                actions.add(new Action.StartInstance(blue));
            }
        }
        int blueLive = blueKept ? blues.size() : 0;
        RollingPlanner.Progress progress = new RollingPlanner.Progress(greenRoutable, greens.size(), blueLive, oldRemaining);
        boolean complete = s.phase() == Phase.TEARDOWN && !blueKept && oldRemaining == 0 && greenRoutable == desired;
        return new Pass(actions, s, progress, due, stage, waits, wakeAt, complete);
    }

    private static @Nullable Due due(AnalysisWindowStep window) {
        if (window.due() == null) {
            return null;
        }
        return window.due() == CanaryPass.AnalysisDue.BEGIN ? Due.ANALYSIS_BEGIN : Due.ANALYSIS_JUDGE;
    }
}
