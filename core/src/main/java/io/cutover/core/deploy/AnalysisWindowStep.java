package io.cutover.core.deploy;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What an analysis window needs at {@code now}, for every planner that runs one (a canary's steps and
 * background analysis, a blue-green deployment's pre- and post-promotion analysis): to begin (no window
 * yet), to be judged (its interval is over), or nothing until its end.
 *
 * @param due {@code BEGIN}, {@code JUDGE}, or null while the window runs
 * @param wakeAt when to plan again: the end of the window (begun now, or running); null when it is due
 *     for judging
 */
record AnalysisWindowStep(CanaryPass.@Nullable AnalysisDue due, @Nullable Instant wakeAt) {

    static AnalysisWindowStep of(CanaryState.@Nullable AnalysisWindow window, Duration interval, Instant now) {
        if (window == null) {
            return new AnalysisWindowStep(CanaryPass.AnalysisDue.BEGIN, now.plus(interval));
        }
        Instant end = window.startedAt().plus(interval);
        return now.isBefore(end) ? new AnalysisWindowStep(null, end) : new AnalysisWindowStep(CanaryPass.AnalysisDue.JUDGE, null);
    }

    /** The earlier of two wake-up times, either may be null. */
    static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
