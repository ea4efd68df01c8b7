package io.cutover.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One interval of a run: what was sent and what ended between {@code start} and {@code end}. The last
 * interval ends when sending stopped and also holds the answers that came after that.
 *
 * @param index 0 for the first interval
 * @param start when the interval began, from the start of the run
 * @param end when it ended, from the start of the run
 * @param counts what happened in it
 */
public record Interval(int index, Duration start, Duration end, Counts counts) {

    /** Checks the interval is not empty of time and not negative. */
    public Interval {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        requireNonNull(counts, "counts");
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
        }
        if (start.isNegative() || end.compareTo(start) < 0) {
            throw new IllegalArgumentException("end: " + end + " (expected: >= start " + start + ")");
        }
    }
}
