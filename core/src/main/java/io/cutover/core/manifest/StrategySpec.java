package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
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
 * @param maxLaunchFailures a deployment fails early when its new instances exit, fail their checks or cannot
 *     be started this many times. Default 3
 * @param steps canary: the steps, in order (see {@link CanaryStep}); null when not given
 * @param stepWeights canary shorthand: {@code [20, 50, 100]} is setWeight 20, pause, setWeight 50, pause,
 *     setWeight 100 (no pauses with {@code autoContinue}); null when not given
 * @param instanceSteps canary shorthand (Cloud Foundry's): canary instance counts, each with the matching
 *     share of traffic, a pause between them; null when not given
 * @param autoContinue canary: the shorthands leave out the pauses. Default false
 * @param maxInFlight canary: how many canary instances may be starting at once. Default 1
 * @param stepTimeoutSeconds canary: a pause until continued that nobody answered for this long cancels
 *     the deployment; null: it waits forever
 * @param dynamicStableScale canary: the stable revision shrinks as the canary's traffic grows (instead
 *     of keeping full capacity until promotion). Default false
 * @param stickySessions canary: a cookie keeps each client on the revision it first got for the whole
 *     deployment; weight changes apply to new clients. Default false
 * @param analysis canary: a background analysis, judged window after window from the first weight until
 *     promotion (which waits for the running window's verdict); null for none
 * @param mirror canary: copy a share of the idempotent requests the stable revision serves to the canary,
 *     its responses discarded; null for none
 * @param autoPromotionSeconds blueGreen: switch this long after green is ready and its checks passed;
 *     null: wait for {@code cutover promote}
 * @param scaleDownDelaySeconds blueGreen: how long blue stays warm after the switch (a rollback in this
 *     window is a route switch). Default 30
 * @param prePromotionChecks blueGreen: HTTP probes through the preview route; one failing aborts the
 *     deployment before the switch; null for none
 * @param prePromotionAnalysis blueGreen: an analysis of preview traffic against blue's before the
 *     switch; null for none
 * @param postPromotionAnalysis blueGreen: an analysis of green's traffic after the switch against what
 *     blue served before it; a failure inside {@code scaleDownDelaySeconds} switches back; null for none
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
        Integer maxLaunchFailures,
        @Nullable List<CanaryStep> steps,
        @Nullable List<Integer> stepWeights,
        @Nullable List<Integer> instanceSteps,
        Boolean autoContinue,
        Integer maxInFlight,
        @Nullable Integer stepTimeoutSeconds,
        Boolean dynamicStableScale,
        Boolean stickySessions,
        @Nullable AnalysisSpec analysis,
        @Nullable Mirror mirror,
        @Nullable Integer autoPromotionSeconds,
        Integer scaleDownDelaySeconds,
        @Nullable List<HttpProbe> prePromotionChecks,
        @Nullable AnalysisSpec prePromotionAnalysis,
        @Nullable AnalysisSpec postPromotionAnalysis) {

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

    /**
     * {@code mirror: {percent: N}}: N% of the GET, HEAD and OPTIONS requests served by the stable revision are
     * copied to a canary instance; the copy's response is discarded and the client's is untouched.
     *
     * @param percent the share of idempotent requests copied, 1..100
     */
    public record Mirror(Integer percent) {}

    public StrategySpec {
        type = type == null ? Type.ROLLING : type;
        progressDeadlineSeconds = progressDeadlineSeconds == null ? 600 : progressDeadlineSeconds;
        onFailure = onFailure == null ? OnFailure.ROLLBACK : onFailure;
        maxLaunchFailures = maxLaunchFailures == null ? 3 : maxLaunchFailures;
        steps = steps == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(steps));
        stepWeights = stepWeights == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(stepWeights));
        instanceSteps = instanceSteps == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(instanceSteps));
        autoContinue = autoContinue != null && autoContinue;
        maxInFlight = maxInFlight == null ? 1 : maxInFlight;
        dynamicStableScale = dynamicStableScale != null && dynamicStableScale;
        stickySessions = stickySessions != null && stickySessions;
        scaleDownDelaySeconds = scaleDownDelaySeconds == null ? 30 : scaleDownDelaySeconds;
        prePromotionChecks = prePromotionChecks == null ? null
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(prePromotionChecks));
    }

    /** The default strategy: rolling, full capacity kept, up to double capacity while deploying. */
    public static StrategySpec defaults() {
        return new StrategySpec(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
