package io.cutover.load;

/**
 * When each request of one lane is due. The run's requests are numbered 0, 1, 2... and request
 * {@code g} is due {@code g / rate} seconds after the start, for as long as that is within the
 * duration; lane {@code i} of {@code n} sends requests {@code i}, {@code i + n}, {@code i + 2n}..., so
 * the lanes together keep the rate exactly and evenly spread.
 *
 * <p>Pure: it takes times and returns times.
 */
record Pace(long startNanos, int rate, long durationNanos, int lane, int lanes) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    Pace {
        if (rate < 1) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: >= 1)");
        }
        if (lane < 0 || lane >= lanes) {
            throw new IllegalArgumentException("lane: " + lane + " (expected: 0.." + (lanes - 1) + ")");
        }
    }

    /** How many requests the whole run sends: those due before the duration ends. */
    long runTotal() {
        // request g is due before the end if g / rate < duration, i.e. g < duration * rate; split into
        // whole seconds and the rest so the product cannot overflow
        long seconds = durationNanos / NANOS_PER_SECOND;
        long rest = durationNanos % NANOS_PER_SECOND;
        return seconds * rate + ceilDiv(rest * rate, NANOS_PER_SECOND);
    }

    /** How many requests this lane sends. */
    long total() {
        long all = runTotal();
        return all > lane ? (all - lane - 1) / lanes + 1 : 0;
    }

    /** When this lane's {@code k}-th request (from 0) is due, in {@link System#nanoTime()} terms. */
    long dueNanos(long k) {
        long g = lane + k * lanes;
        // g * 1e9 overflows past 9.2e9 requests; split it to stay exact well beyond that
        long offset = (g / rate) * NANOS_PER_SECOND + (g % rate) * NANOS_PER_SECOND / rate;
        return startNanos + offset;
    }

    private static long ceilDiv(long x, long y) {
        return -Math.floorDiv(-x, y);
    }
}
