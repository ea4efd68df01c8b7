package io.cutover.router.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before reconnecting to the controller: the policy (first delay, doubling, cap) apart
 * from the state (failures in a row). The nth wait is drawn between half and all of
 * {@code min(max, initial * 2^n)}, so routers that lost the same controller do not all come back at the
 * same instant. A stream that delivered an event resets it. Used by the link thread only.
 */
final class ReconnectBackoff {

    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int failures;

    ReconnectBackoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The wait before the next attempt; counts a failure. */
    Duration next() {
        long ceiling = initialNanos << Math.min(failures, 30);
        if (ceiling <= 0 || ceiling > maxNanos) {
            ceiling = maxNanos;
        }
        failures++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** A connection worked: the next wait is short again. */
    void reset() {
        failures = 0;
    }
}
