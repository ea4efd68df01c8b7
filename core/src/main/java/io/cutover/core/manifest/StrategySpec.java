package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * How a new revision replaces the running one, and what happens when it does not make progress.
 *
 * <p>The rolling capacity can be said two ways, never both: Marathon's fractions
 * ({@code minimumHealthCapacity}, {@code maximumOverCapacity}; default 1 and 1) or Kubernetes' counts
 * ({@code maxUnavailable}, {@code maxSurge}: a whole number or a percentage like {@code "25%"}).
 *
 * @param type {@code rolling} (default), {@code canary}, {@code blueGreen} or {@code recreate}
 * @param minimumHealthCapacity rolling: the share of {@code instances} that stays healthy, 0..1; null when
 *     not given (then 1, unless {@code maxUnavailable} is given)
 * @param maximumOverCapacity rolling: the share of {@code instances} that may run on top, 0..1; null when
 *     not given (then 1, unless {@code maxSurge} is given)
 * @param maxSurge rolling: how many instances may run on top of {@code instances}, a count or a percentage
 *     (rounded up); null when not given
 * @param maxUnavailable rolling: how many of {@code instances} may be unavailable, a count or a percentage
 *     (rounded down); null when not given
 * @param progressDeadlineSeconds a deployment that makes no progress for this long fails. Default 600
 * @param onFailure what a failed deployment does: {@code rollback} (default: back to the previous
 *     revision, drained) or {@code pause} (stays where it is, for a human to look)
 * @param maxLaunchFailures a deployment fails early when its new instances exit or fail their checks this
 *     many times. Default 3
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StrategySpec(
        Type type,
        @Nullable Double minimumHealthCapacity,
        @Nullable Double maximumOverCapacity,
        @Nullable String maxSurge,
        @Nullable String maxUnavailable,
        Integer progressDeadlineSeconds,
        OnFailure onFailure,
        Integer maxLaunchFailures) {

    /** The deployment strategies. */
    public enum Type {
        @JsonProperty("rolling") ROLLING,
        @JsonProperty("canary") CANARY,
        @JsonProperty("blueGreen") BLUE_GREEN,
        @JsonProperty("recreate") RECREATE
    }

    /** What a failed deployment does. */
    public enum OnFailure {
        @JsonProperty("rollback") ROLLBACK,
        @JsonProperty("pause") PAUSE
    }

    public StrategySpec {
        type = type == null ? Type.ROLLING : type;
        progressDeadlineSeconds = progressDeadlineSeconds == null ? 600 : progressDeadlineSeconds;
        onFailure = onFailure == null ? OnFailure.ROLLBACK : onFailure;
        maxLaunchFailures = maxLaunchFailures == null ? 3 : maxLaunchFailures;
    }

    /** The default strategy: rolling, full capacity kept, up to double capacity while deploying. */
    public static StrategySpec defaults() {
        return new StrategySpec(null, null, null, null, null, null, null, null);
    }
}
