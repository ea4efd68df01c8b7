package io.cutover.controller.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How long the engine's passes take (reading an app's state, planning, carrying the plan out, the waits
 * for router confirmations included): their count, their total and the longest, since the server started.
 * Updated from every app's worker without contention; {@code /metrics} shows them.
 */
public final class PassTimes {

    private final LongAdder passes = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final AtomicLong longest = new AtomicLong();

    void record(long passNanos) {
        passes.increment();
        nanos.add(passNanos);
        longest.accumulateAndGet(passNanos, Math::max);
    }

    /** Passes finished. */
    public long passes() {
        return passes.sum();
    }

    /** Their time together, in seconds. */
    public double totalSeconds() {
        return nanos.sum() / 1e9;
    }

    /** The longest one, in seconds. */
    public double longestSeconds() {
        return longest.get() / 1e9;
    }
}
