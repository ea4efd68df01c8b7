package io.cutover.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * How long the answered requests took, from sending the request (or, for a request sent late, from
 * when it was due) to the end of the answer. Kept to three significant digits; all zero when nothing
 * was answered.
 *
 * @param count answers measured
 * @param p50 the median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the slowest
 */
public record Latency(long count, Duration p50, Duration p90, Duration p99, Duration p999, Duration max) {

    /** No answers. */
    public static final Latency NONE = new Latency(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
            Duration.ZERO);

    /** Checks the values are not negative. */
    public Latency {
        requireNonNull(p50, "p50");
        requireNonNull(p90, "p90");
        requireNonNull(p99, "p99");
        requireNonNull(p999, "p999");
        requireNonNull(max, "max");
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
    }

    /** The summary of a histogram of microseconds. */
    static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), at(micros, 50), at(micros, 90), at(micros, 99), at(micros, 99.9),
                Duration.ofNanos(micros.highestEquivalentValue(micros.getMaxValue()) * 1000));
    }

    private static Duration at(Histogram micros, double percentile) {
        return Duration.ofNanos(micros.highestEquivalentValue(micros.getValueAtPercentile(percentile)) * 1000);
    }
}
