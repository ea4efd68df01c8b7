package io.cutover.core.deploy;

import io.cutover.core.deploy.CanarySteps.Step;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The instance and step decisions of one pass of a canary deployment, recomputed from the instances and
 * the canary's state: takes the steps that can be taken, and starts or stops instances for the step it is
 * at. {@link CanaryPlanner} turns them into a plan.
 *
 * <p>Rules: the stable revision keeps {@code instances} instances (fewer with {@code
 * dynamicStableScale}) until the canary took all traffic; the canary runs as many instances as its
 * scale asks, at most {@code maxInFlight} starting at once; a {@code setWeight} is taken only once the
 * canary instances it needs take traffic, and only one weight per pass — the executor confirms it with
 * every router before the next pass; a pause waits for its duration, or for {@code continue} (or
 * {@code stepTimeoutSeconds}, then the deployment is canceled). After the last step the canary grows to
 * full size, then takes all traffic, then the stable instances are drained and stopped.
 *
 * <p>A background analysis ({@code strategy.analysis}) judges one window after another while the canary
 * has traffic, independent of the steps; promotion after the last step waits for its running window's
 * verdict (and for one, if none was judged yet), so it never passes unseen. An inconclusive window holds
 * the deployment until continued.
 */
public final class CanaryPass {

    private CanaryPass() {}

    /**
     * One pass's decision.
     *
     * @param state the canary's state after the pass
     * @param weightChanged the canary's traffic weight changed: publish it and wait for every router
     *     before planning again
     * @param paused it waits at a pause (for a duration when {@code wakeAt} is set, else for continue)
     * @param timedOut a pause until continued outlived {@code stepTimeoutSeconds}: cancel the deployment
     * @param wakeAt when to plan again at the latest (a pause ends, a step times out); null if not needed
     * @param complete the canary runs on every instance with all traffic, and the stable instances exited
     * @param analysis what the current analysis step needs from the executor now, or null
     * @param background what the background analysis needs from the executor now, or null
     */
    public record Pass(List<Action> actions, CanaryState state, RollingPlanner.Progress progress, boolean weightChanged,
            boolean paused, boolean timedOut, @Nullable Instant wakeAt, boolean complete, @Nullable AnalysisDue analysis,
            @Nullable AnalysisDue background) {
        public Pass {
            actions = List.copyOf(actions);
        }
    }

    /** What an analysis step needs: a window begun (the routers' counters read now), or judged. */
    public enum AnalysisDue { BEGIN, JUDGE }

    /**
     * Decides a pass.
     *
     * @param strategy the canary strategy
     * @param steps its steps, expanded
     * @param desired the app's {@code instances}
     * @param stable the revision that ran before
     * @param canary the revision being deployed
     * @param state where the canary stands
     * @param all every instance of the app, in any state
     */
    public static Pass of(StrategySpec strategy, List<Step> steps, int desired, int stable, int canary,
            CanaryState state, List<Instance> all, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<Instance> canaries = new ArrayList<>();
        List<Instance> stables = new ArrayList<>();
        int oldRemaining = 0;
        for (Instance instance : all) {
            if (instance.state() == InstanceState.EXITED) {
                continue;
            }
            boolean isCanary = instance.revision() == canary;
            if (!isCanary) {
                oldRemaining++;
            }
            if (!instance.live()) {
                continue; // stopping: counts until it exited
            }
            if (instance.health() == Health.UNHEALTHY) {
                actions.add(new Action.StopInstance(instance.id(), "unhealthy"));
            } else if (isCanary) {
                canaries.add(instance);
            } else if (instance.revision() == stable) {
                stables.add(instance);
            } else {
                actions.add(new Action.StopInstance(instance.id(), "replaced by revision " + canary));
            }
        }
        int canaryRoutable = (int) canaries.stream().filter(Instance::routable).count();

        // Take the steps that can be taken now.
        CanaryState s = state;
        boolean weightChanged = false;
        boolean paused = false;
        boolean timedOut = false;
        Instant wakeAt = null;
        AnalysisDue due = null;
        while (!s.held() && !s.backgroundHold() && !s.promoting() && s.step() < steps.size()) {
            Step step = steps.get(s.step());
            if (step instanceof Step.SetScale set) {
                s = s.withScale(set.scale()).next();
                continue;
            }
            if (step instanceof Step.SetWeight set) {
                if (canaryRoutable < s.scale().count(desired, set.percent())) {
                    break; // make before break: the weight waits for the canary instances it needs
                }
                boolean changes = set.percent() != s.weight();
                s = s.withWeight(set.percent()).next();
                if (changes) {
                    weightChanged = true;
                    break; // confirmed by every router before the next step
                }
                continue;
            }
            if (step instanceof Step.Analysis analysis) {
                if (s.inconclusiveHere()) {
                    s = s.pausedSince(s.pausedAt() != null ? s.pausedAt() : now);
                    paused = true; // never a silent pass: an operator continues, or cancels
                } else {
                    AnalysisWindowStep window = AnalysisWindowStep.of(s.window(), analysis.interval(), now);
                    due = window.due();
                    wakeAt = window.wakeAt();
                }
                break;
            }
            Step.Pause pause = (Step.Pause) step;
            Instant since = s.pausedAt() != null ? s.pausedAt() : now;
            s = s.pausedSince(since);
            if (pause.duration() != null) {
                Instant end = since.plus(pause.duration());
                if (!now.isBefore(end)) {
                    s = s.next();
                    continue;
                }
                wakeAt = end;
            } else if (strategy.stepTimeoutSeconds() != null) {
                Instant end = since.plusSeconds(strategy.stepTimeoutSeconds());
                timedOut = !now.isBefore(end);
                wakeAt = end;
            }
            paused = true;
            break;
        }
        if (s.backgroundHold() && !s.held() && !s.promoting()) {
            paused = true; // the background analysis was inconclusive: an operator continues, or cancels
        }
        Step.Analysis background = CanarySteps.background(strategy);
        boolean mirrored = strategy.mirror() != null && canaryRoutable > 0; // copies reach the canary at any weight
        if (!s.held() && !s.backgroundHold() && !s.promoting() && s.step() >= steps.size()) {
            // the weight this pass set counts: its window opens once the routers confirmed it
            boolean awaitVerdict = backgroundRuns(background, s, s.weight() > 0 || mirrored)
                    && (s.background() != null || s.backgroundWindows() == 0);
            if (!awaitVerdict) {
                s = s.promoted();
            }
        }
        AnalysisDue backgroundDue = null;
        if (backgroundRuns(background, s, state.weight() > 0 || mirrored)) {
            AnalysisWindowStep window = AnalysisWindowStep.of(s.background(), background.interval(), now);
            backgroundDue = window.due();
            wakeAt = AnalysisWindowStep.earliest(wakeAt, window.wakeAt());
        }

        // Canary instances: as many as the scale asks for the weight it heads for.
        int heading = s.weight();
        if (!s.promoting() && s.step() < steps.size() && steps.get(s.step()) instanceof Step.SetWeight w) {
            heading = w.percent();
        }
        int canaryTarget = s.promoting() ? desired : s.scale().count(desired, heading);
        if (s.promoting() && canaryRoutable >= desired && s.weight() < 100 && !weightChanged) {
            s = s.withWeight(100);
            weightChanged = true;
        }
        canaries.sort(Comparator.comparing(Instance::routable).reversed().thenComparing(Instance::startedAt).thenComparing(Instance::id));
        while (canaries.size() > canaryTarget) {
            Instance extra = canaries.remove(canaries.size() - 1);
            actions.add(new Action.StopInstance(extra.id(), "canary scaled to " + canaryTarget));
        }
        int starting = canaries.size() - (int) canaries.stream().filter(Instance::routable).count();
        int toStart = Math.min(canaryTarget - canaries.size(), Math.max(0, strategy.maxInFlight() - starting));
        for (int i = 0; i < toStart; i++) {
            actions.add(new Action.StartInstance(canary));
        }

        // Stable instances: full capacity until the canary has all the traffic (confirmed), then none.
        int confirmed = weightChanged ? state.weight() : s.weight(); // a new weight counts once the routers have it
        boolean canaryTookAll = s.promoting() && confirmed == 100;
        int stableTarget = canaryTookAll ? 0
                : strategy.dynamicStableScale() ? (int) Math.ceil(desired * (100 - confirmed) / 100.0) : desired;
        stables.sort(Comparator.comparing(Instance::routable).thenComparing(Instance::startedAt, Comparator.reverseOrder())
                .thenComparing(Instance::id));
        int stableLive = stables.size();
        for (int i = 0; i < stables.size() - stableTarget; i++) {
            actions.add(new Action.StopInstance(stables.get(i).id(), canaryTookAll
                    ? "replaced by revision " + canary : "stable scaled to " + stableTarget + " (dynamicStableScale)"));
            stableLive--;
        }
        if (!canaryTookAll) {
            for (int i = stables.size(); i < stableTarget; i++) {
                actions.add(new Action.StartInstance(stable));
            }
        }

        RollingPlanner.Progress progress = new RollingPlanner.Progress(canaryRoutable, canaries.size(), stableLive, oldRemaining);
        boolean complete = canaryTookAll && oldRemaining == 0 && canaryRoutable == desired && canaries.size() == desired;
        return new Pass(actions, s, progress, weightChanged, paused, timedOut, wakeAt, complete, due, backgroundDue);
    }

    /**
     * Whether the background analysis judges windows now: it exists, the canary gets traffic (a confirmed
     * weight, or mirrored copies), nobody holds the deployment, promotion has not begun and its count is
     * not reached.
     */
    private static boolean backgroundRuns(Step.@Nullable Analysis background, CanaryState s, boolean canaryGetsTraffic) {
        return background != null && canaryGetsTraffic && !s.held() && !s.backgroundHold() && !s.promoting()
                && (background.count() == null || s.backgroundWindows() < background.count());
    }
}
