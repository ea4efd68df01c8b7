package io.cutover.core.deploy;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.manifest.AnalysisSpec;
import io.cutover.core.manifest.CanaryStep;
import io.cutover.core.manifest.Durations;
import io.cutover.core.manifest.StrategySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A canary deployment's steps as the planner follows them: {@code steps} as written, or the shorthands
 * ({@code stepWeights}, {@code instanceSteps}) expanded. After the last step the canary is promoted.
 */
public final class CanarySteps {

    private CanarySteps() {}

    /** One step. */
    public sealed interface Step {

        /** The canary revision takes {@code percent} of the traffic from here on. */
        record SetWeight(int percent) implements Step {}

        /** Wait: for {@code duration}, or until continued when it is null. */
        record Pause(@Nullable Duration duration) implements Step {}

        /** The number of canary instances from here on. */
        record SetScale(Scale scale) implements Step {}

        /**
         * Compare the canary with the stable revision over windows of {@code interval} of traffic: {@code
         * count} of them (null: until promotion, in the background); more than {@code failureLimit}
         * failed windows fail it.
         */
        record Analysis(Duration interval, CanaryJudge.Thresholds thresholds, @Nullable Integer count, int failureLimit)
                implements Step {}
    }

    /**
     * How many canary instances run.
     *
     * @param instances exactly this many (at most the app's {@code instances}); null when not fixed
     * @param weight as many as this share of the app's {@code instances}; null when not fixed
     */
    public record Scale(@Nullable Integer instances, @Nullable Integer weight) {

        /** The default: as many as the traffic weight's share, at least one. */
        public static final Scale MATCH_TRAFFIC = new Scale(null, null);

        /** The number of canary instances for an app of {@code desired} instances at {@code trafficWeight}. */
        public int count(int desired, int trafficWeight) {
            if (instances != null) {
                return Math.min(instances, desired);
            }
            int percent = weight != null ? weight : trafficWeight;
            int count = (int) Math.ceil(desired * percent / 100.0);
            return weight != null ? count : Math.max(1, count);
        }
    }

    /** The steps of a valid canary strategy for an app of {@code instances} instances. */
    public static List<Step> of(StrategySpec strategy, int instances) {
        List<Step> steps = new ArrayList<>();
        if (strategy.steps() != null) {
            for (CanaryStep step : strategy.steps()) {
                steps.add(step(step));
            }
        } else if (strategy.stepWeights() != null) {
            List<Integer> weights = strategy.stepWeights();
            for (int i = 0; i < weights.size(); i++) {
                steps.add(new Step.SetWeight(weights.get(i)));
                pauseBetween(strategy, steps, i, weights.size());
            }
        } else if (strategy.instanceSteps() != null) {
            List<Integer> counts = strategy.instanceSteps();
            for (int i = 0; i < counts.size(); i++) {
                int count = Math.min(counts.get(i), instances);
                steps.add(new Step.SetScale(new Scale(count, null)));
                steps.add(new Step.SetWeight(instances == 0 ? 100 : Math.round(100f * count / instances)));
                pauseBetween(strategy, steps, i, counts.size());
            }
        }
        return List.copyOf(steps);
    }

    /** The background analysis of a valid canary strategy, or null if it has none. */
    public static Step.@Nullable Analysis background(StrategySpec strategy) {
        return strategy.analysis() == null ? null : analysis(strategy.analysis(), null);
    }

    private static Step.Analysis analysis(AnalysisSpec a, @Nullable Integer defaultCount) {
        return new Step.Analysis(Durations.parse(a.interval()), new CanaryJudge.Thresholds(a.maxErrorRate(),
                a.maxErrorRateIncrease(), a.latencyTolerance(), a.confidence(), a.minSamples()),
                a.count() != null ? a.count() : defaultCount, a.failureLimit());
    }

    private static void pauseBetween(StrategySpec strategy, List<Step> steps, int index, int size) {
        if (index < size - 1 && !strategy.autoContinue()) {
            steps.add(new Step.Pause(null));
        }
    }

    private static Step step(CanaryStep step) {
        if (step.setWeight() != null) {
            return new Step.SetWeight(step.setWeight());
        }
        if (step.pause() != null) {
            return new Step.Pause(Durations.parse(step.pause().duration()));
        }
        if (step.analysis() != null) {
            return analysis(step.analysis(), 1);
        }
        CanaryStep.Scale scale = step.setCanaryScale();
        if (scale == null || Boolean.TRUE.equals(scale.matchTrafficWeight())) {
            return new Step.SetScale(Scale.MATCH_TRAFFIC);
        }
        return new Step.SetScale(new Scale(scale.instances(), scale.weight()));
    }
}
