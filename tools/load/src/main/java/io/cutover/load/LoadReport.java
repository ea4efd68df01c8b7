package io.cutover.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a {@link LoadRun}.
 *
 * @param options what was asked for
 * @param elapsed how long requests were sent: the duration, or less if the run was stopped
 * @param stoppedEarly whether {@link LoadRun#stop()} ended it before its duration
 * @param totals everything that happened
 * @param intervals what happened in each interval, in order; their counts add up to {@code totals}
 */
public record LoadReport(LoadOptions options, Duration elapsed, boolean stoppedEarly, Counts totals,
        List<Interval> intervals) {

    /** Copies the intervals. */
    public LoadReport {
        requireNonNull(options, "options");
        requireNonNull(elapsed, "elapsed");
        requireNonNull(totals, "totals");
        intervals = List.copyOf(intervals);
    }

    /** Whether requests were sent and every one got a 2xx answer: what {@code cutover load} exits 0 for. */
    public boolean allOk() {
        return totals.sent() > 0 && totals.ok() == totals.sent();
    }

    /** Requests sent per second of {@link #elapsed()}. */
    public double sentPerSecond() {
        return elapsed.isZero() ? 0 : totals.sent() / (elapsed.toNanos() / 1e9);
    }
}
