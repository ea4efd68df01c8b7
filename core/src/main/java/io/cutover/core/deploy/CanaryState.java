package io.cutover.core.deploy;

import java.time.Instant;
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
 */
public record CanaryState(
        int step,
        int weight,
        @Nullable Integer scaleInstances,
        @Nullable Integer scaleWeight,
        @Nullable Instant pausedAt,
        boolean promoting,
        boolean held) {

    /** A canary that has not taken a step yet: no traffic, one canary instance to come. */
    public static final CanaryState START = new CanaryState(0, 0, null, null, null, false, false);

    public CanaryState {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
        }
    }

    /** The canary scale the steps asked for. */
    public CanarySteps.Scale scale() {
        return new CanarySteps.Scale(scaleInstances, scaleWeight);
    }

    CanaryState next() {
        return new CanaryState(step + 1, weight, scaleInstances, scaleWeight, null, promoting, held);
    }

    CanaryState withWeight(int percent) {
        return new CanaryState(step, percent, scaleInstances, scaleWeight, pausedAt, promoting, held);
    }

    CanaryState withScale(CanarySteps.Scale scale) {
        return new CanaryState(step, weight, scale.instances(), scale.weight(), pausedAt, promoting, held);
    }

    CanaryState pausedSince(Instant now) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, now, promoting, held);
    }

    /** Takes the step after the current pause ({@code cutover continue}). */
    public CanaryState continued() {
        return next();
    }

    /** Skips every step left ({@code cutover promote --full}). */
    public CanaryState promoted() {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, null, true, held);
    }

    /** Held by an operator, or let go again. */
    public CanaryState holding(boolean hold) {
        return new CanaryState(step, weight, scaleInstances, scaleWeight, pausedAt, promoting, hold);
    }

    /**
     * The router weights of the app's revisions while the deployment is active: the canary's weight,
     * the rest to the stable revision.
     */
    public Map<Integer, Integer> weights(int stableRevision, int canaryRevision) {
        return Map.of(stableRevision, 100 - weight, canaryRevision, weight);
    }
}
