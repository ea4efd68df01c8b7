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
        List<AnalysisResult> results) {

    /** A canary that has not taken a step yet: no traffic, one canary instance to come. */
    public static final CanaryState START = new CanaryState(0, 0, null, null, null, false, false, null, List.of());

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
     */
    public record AnalysisResult(int step, CanaryJudge.Verdict verdict, String reason, Instant at) {}

    /** This state with an analysis window begun. */
    public CanaryState analyzing(AnalysisWindow begun) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, held, begun, results);
    }

    /**
     * This state after a verdict of the current step's analysis: a pass takes the next step, an
     * inconclusive one waits here like a pause, a fail stays (the deployment is canceled).
     */
    public CanaryState judged(CanaryJudge.Judgement judgement, Instant now) {
        List<AnalysisResult> more = new ArrayList<>(results);
        more.add(new AnalysisResult(step + 1, judgement.verdict(), judgement.reason(), now));
        CanaryState after = new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, held, null, more);
        return judgement.verdict() == CanaryJudge.Verdict.PASS ? after.next() : after;
    }

    /** Whether the current step's last analysis was inconclusive (it then waits for continue). */
    boolean inconclusiveHere() {
        return window == null && !results.isEmpty() && results.get(results.size() - 1).step() == step + 1
                && results.get(results.size() - 1).verdict() == CanaryJudge.Verdict.INCONCLUSIVE;
    }

    /** The canary scale the steps asked for. */
    public CanarySteps.Scale scale() {
        return new CanarySteps.Scale(scaleInstances, scaleWeight);
    }

    CanaryState next() {
        return new CanaryState(step + 1, weight, scaleInstances, scaleWeight, null, promoting, held, null, results);
    }

    CanaryState withWeight(int percent) {
        return new CanaryState(step, percent, scaleInstances, scaleWeight, pausedAt, promoting, held, window, results);
    }

    CanaryState withScale(CanarySteps.Scale scale) {
        return new CanaryState(step, weight, scale.instances(), scale.weight(), pausedAt, promoting, held, window, results);
    }

    CanaryState pausedSince(Instant now) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, now, promoting, held, window, results);
    }

    /** Takes the step after the current pause ({@code cutover continue}). */
    public CanaryState continued() {
        return next();
    }

    /** Skips every step left ({@code cutover promote --full}). */
    public CanaryState promoted() {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, null, true, held, null, results);
    }

    /** Held by an operator, or let go again. */
    public CanaryState holding(boolean hold) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, hold, window, results);
    }

    /**
     * The router weights of the app's revisions while the deployment is active: the canary's weight,
     * the rest to the stable revision.
     */
    public Map<Integer, Integer> weights(int stableRevision, int canaryRevision) {
        return Map.of(stableRevision, 100 - weight, canaryRevision, weight);
    }
}
