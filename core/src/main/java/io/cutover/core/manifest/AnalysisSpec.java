package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A canary analysis: compare the canary with the stable revision over windows of {@code interval} of
 * traffic (Kayenta's method). As a step ({@code steps[].analysis}) it judges {@code count} windows, then
 * goes on; in the background ({@code strategy.analysis}) it judges a window after another from the first
 * weight until promotion. A window that fails counts; more than {@code failureLimit} failed windows cancel
 * the deployment; an inconclusive window pauses it.
 *
 * @param interval how long a window of traffic to judge, e.g. {@code 30s}. Default 30s
 * @param maxErrorRate the highest canary error rate (5xx and requests that reached no instance), in
 *     percent. Default 1
 * @param maxErrorRateIncrease the most the canary's error rate may exceed the stable revision's, in
 *     percentage points; null for no such limit
 * @param latencyTolerance how much slower than the stable revision the canary may be, in percent.
 *     Default 10
 * @param confidence how sure a Mann-Whitney U test must be that the canary is slower beyond the
 *     tolerance to fail it, 0.5..0.9999. Default 0.95
 * @param minSamples the fewest requests each revision needs in the window for a verdict. Default 100
 * @param count how many windows to judge: a step goes on after this many (default 1); in the background,
 *     null judges windows until promotion
 * @param failureLimit how many failed windows are tolerated; one more cancels the deployment. Default 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnalysisSpec(String interval, Double maxErrorRate, @Nullable Double maxErrorRateIncrease,
        Double latencyTolerance, Double confidence, Integer minSamples, @Nullable Integer count, Integer failureLimit) {

    public AnalysisSpec {
        interval = interval == null ? "30s" : interval;
        maxErrorRate = maxErrorRate == null ? 1.0 : maxErrorRate;
        latencyTolerance = latencyTolerance == null ? 10.0 : latencyTolerance;
        confidence = confidence == null ? 0.95 : confidence;
        minSamples = minSamples == null ? 100 : minSamples;
        failureLimit = failureLimit == null ? 0 : failureLimit;
    }
}
