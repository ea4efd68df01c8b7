package io.cutover.core.deploy;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.analysis.RevisionCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a canary deployment stands: the next step, the traffic weight the canary has, how many canary
 * instances the steps asked for, and whether it is being promoted.
 *
 * @param step the index of the next step to take; the number of steps once all were taken
 * @param weight the share of traffic, 0..100, the canary revision gets now (confirmed by the routers
 *     before the next step)
 * @param scaleInstances the canary instance count a {@code setCanaryScale {instances}} fixed; null if none
 * @param scaleWeight the share of {@code instances} a {@code setCanaryScale {weight}} fixed; null if none
 * @param pausedAt when the pause of the current step began; null when not pausing
 * @param promoting every step is done, or {@code promote --full} skipped the rest: the canary grows to
 *     full size, then takes all traffic, then the stable revision goes
 * @param held an operator paused the deployment ({@code cutover pause}); it stays where it is until
 *     resumed
 * @param window the analysis window of the current step, while one runs: when it began and the
 *     routers' counters then; null otherwise
 * @param results every analysis verdict so far, oldest first
 * @param background the background analysis' running window; null when none runs
 * @param backgroundHold the background analysis' last window was inconclusive: the deployment waits for
 *     {@code continue} (which does not skip a step)
 */
public record CanaryState(
        int step,
        int weight,
        @Nullable Integer scaleInstances,
        @Nullable Integer scaleWeight,
        @Nullable Instant pausedAt,
        boolean promoting,
        boolean held,
        @Nullable AnalysisWindow window,
        List<AnalysisResult> results,
        @Nullable AnalysisWindow background,
        boolean backgroundHold) {

    /** A canary that has not taken a step yet: no traffic, one canary instance to come. */
    public static final CanaryState START = new CanaryState(0, 0, null, null, null, false, false, null, List.of(), null, false);

    public CanaryState {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
        }
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * An analysis window: when it began, and the stable and canary revisions' counters then.
     */
    public record AnalysisWindow(Instant startedAt, RevisionCounters stable, RevisionCounters canary) {}

    /**
     * One analysis verdict.
     *
     * @param step the step it was taken at (1-based, as shown)
     * @param verdict PASS, FAIL or INCONCLUSIVE
     * @param reason the numbers that decided it
     * @param background whether the background analysis judged it (else the step's analysis)
     */
    public record AnalysisResult(int step, CanaryJudge.Verdict verdict, String reason, Instant at, boolean background) {}

    /** This state with the current step's analysis window begun. */
    public CanaryState analyzing(AnalysisWindow begun) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, held, begun, results,
                background, backgroundHold);
    }

    /** This state with a background analysis window begun. */
    public CanaryState analyzingInBackground(AnalysisWindow begun) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, held, window, results,
                begun, backgroundHold);
    }

    /**
     * This state after a verdict on a window of the current step's analysis: it takes the next step once
     * {@code analysis.count()} windows were judged; a failed window within {@code failureLimit} and a
     * pass before the count open another window; an inconclusive one waits here like a pause; a failure
     * beyond the limit stays (the deployment is canceled, see {@link #failed}).
     */
    public CanaryState judged(CanaryJudge.Judgement judgement, CanarySteps.Step.Analysis analysis, Instant now) {
        CanaryState after = new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, held, null,
                with(new AnalysisResult(step + 1, judgement.verdict(), judgement.reason(), now, false)), background, backgroundHold);
        boolean counted = judgement.verdict() != CanaryJudge.Verdict.INCONCLUSIVE;
        int windows = (int) after.results.stream().filter(r -> !r.background() && r.step() == step + 1
                && r.verdict() != CanaryJudge.Verdict.INCONCLUSIVE).count();
        boolean done = counted && !after.failed(analysis, false) && windows >= (analysis.count() == null ? 1 : analysis.count());
        return done ? after.next() : after;
    }

    /**
     * This state after a verdict on a background window: another window follows; an inconclusive one
     * holds the deployment until continued; a failure beyond the limit cancels it (see {@link #failed}).
     */
    public CanaryState judgedInBackground(CanaryJudge.Judgement judgement, Instant now) {
        boolean inconclusive = judgement.verdict() == CanaryJudge.Verdict.INCONCLUSIVE;
        return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, held, window, with(new AnalysisResult(step + 1, judgement.verdict(), judgement.reason(), now, true)),
                null, inconclusive);
    }

    /**
     * Whether an analysis failed more windows than its {@code failureLimit}: the background one ({@code
     * background}), or the current step's.
     */
    public boolean failed(CanarySteps.Step.Analysis analysis, boolean background) {
        long failures = results.stream().filter(r -> r.background() == background && r.verdict() == CanaryJudge.Verdict.FAIL
                && (background || r.step() == step + 1)).count();
        return failures > analysis.failureLimit();
    }

    /** How many background windows were judged (inconclusive ones included). */
    public int backgroundWindows() {
        return (int) results.stream().filter(AnalysisResult::background).count();
    }

    private List<AnalysisResult> with(AnalysisResult result) {
        List<AnalysisResult> more = new ArrayList<>(results);
        more.add(result);
        return more;
    }

    /** Whether the current step's last analysis was inconclusive (it then waits for continue). */
    boolean inconclusiveHere() {
        if (window != null) {
            return false;
        }
        for (int i = results.size() - 1; i >= 0; i--) {
            AnalysisResult last = results.get(i);
            if (!last.background()) {
                return last.step() == step + 1 && last.verdict() == CanaryJudge.Verdict.INCONCLUSIVE;
            }
        }
        return false;
    }

    /** The canary scale the steps asked for. */
    public CanarySteps.Scale scale() {
        return new CanarySteps.Scale(scaleInstances, scaleWeight);
    }

    CanaryState next() {
        return new CanaryState(step + 1, weight, scaleInstances, scaleWeight, null, promoting, held, null, results, background,
                backgroundHold);
    }

    CanaryState withWeight(int percent) {
        return new CanaryState(step, percent, scaleInstances, scaleWeight, pausedAt, promoting, held, window, results,
                background, backgroundHold);
    }

    CanaryState withScale(CanarySteps.Scale scale) {
        return new CanaryState(step, weight, scale.instances(), scale.weight(), pausedAt, promoting, held, window, results,
                background, backgroundHold);
    }

    CanaryState pausedSince(Instant now) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, now, promoting, held, window, results, background,
                backgroundHold);
    }

    /**
     * {@code cutover continue}: after an inconclusive background window, goes on where it is (the
     * background analysis opens a new window); otherwise takes the step after the current pause.
     */
    public CanaryState continued() {
        if (backgroundHold) {
            return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, held, window, results, null,
                    false);
        }
        return next();
    }

    /** Skips every step left ({@code cutover promote --full}). */
    public CanaryState promoted() {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, null, true, held, null, results, null, false);
    }

    /** Held by an operator, or let go again. */
    public CanaryState holding(boolean hold) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, hold, window, results, background,
                backgroundHold);
    }

    /**
     * The router weights of the app's revisions while the deployment is active: the canary's weight,
     * the rest to the stable revision.
     */
    public Map<Integer, Integer> weights(int stableRevision, int canaryRevision) {
        return Map.of(stableRevision, 100 - weight, canaryRevision, weight);
    }
}
