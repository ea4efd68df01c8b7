package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One step of a canary deployment, as written in {@code strategy.steps}: a mapping with exactly one of
 * its fields (Argo Rollouts' step syntax).
 *
 * @param setWeight the share of traffic, 0..100, the canary revision gets from this step on
 * @param pause wait here: until {@code cutover continue} ({@code pause: {}}), or for a duration
 * @param setCanaryScale how many canary instances run from this step on
 * @param analysis compare the canary with the stable revision over a window of traffic
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanaryStep(@Nullable Integer setWeight, @Nullable Pause pause, @Nullable Scale setCanaryScale,
        @Nullable AnalysisSpec analysis) {

    /** {@code setWeight: N}. */
    public static CanaryStep weight(int percent) {
        return new CanaryStep(percent, null, null, null);
    }

    /** {@code pause: {}}: until continued. */
    public static CanaryStep pauseUntilContinued() {
        return new CanaryStep(null, new Pause(null), null, null);
    }

    /** How many kinds of step this mapping names; a valid step names exactly one. */
    int kinds() {
        return (setWeight != null ? 1 : 0) + (pause != null ? 1 : 0) + (setCanaryScale != null ? 1 : 0)
                + (analysis != null ? 1 : 0);
    }

    /**
     * {@code pause: {}} or {@code pause: {duration: 90s}}.
     *
     * @param duration how long, e.g. {@code 90s}, {@code 5m}; absent: until {@code cutover continue}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pause(@Nullable String duration) {
    }

    /**
     * {@code setCanaryScale}: exactly one of its fields.
     *
     * @param instances this many canary instances
     * @param weight as many canary instances as this share of {@code instances}, rounded up
     * @param matchTrafficWeight true: as many as the canary's traffic weight's share of {@code instances},
     *     rounded up, at least one (the default before any setCanaryScale)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scale(@Nullable Integer instances, @Nullable Integer weight, @Nullable Boolean matchTrafficWeight) {

        int kinds() {
            return (instances != null ? 1 : 0) + (weight != null ? 1 : 0) + (matchTrafficWeight != null ? 1 : 0);
        }
    }
}
