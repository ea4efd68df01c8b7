package io.cutover.router.eject;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When an instance is ejected and for how long: the fixed half of passive outlier ejection, shared by all
 * instances. Each instance's {@link EjectionState} is the changing half.
 *
 * <ul>
 *   <li>{@code ejectAfterFailures} consecutive failures eject an instance; 0 turns ejection off.</li>
 *   <li>The nth ejection of an instance lasts n × {@code baseEjectionNanos}, at most
 *       {@code maxEjectionNanos}.</li>
 *   <li>At most half the instances of a revision are ejected at once, rounding down: a lone instance
 *       never is, one of two or three may be.</li>
 * </ul>
 *
 * @param ejectAfterFailures consecutive failures that eject an instance; 0 disables ejection
 * @param baseEjectionNanos how long a first ejection lasts, in nanoseconds
 * @param maxEjectionNanos the longest an ejection lasts, in nanoseconds; an instance that stays in
 *     service this long after an ejection ended starts over at {@code baseEjectionNanos}
 */
public record EjectionPolicy(int ejectAfterFailures, long baseEjectionNanos, long maxEjectionNanos) {

    /** A policy that never ejects. */
    public static final EjectionPolicy DISABLED = new EjectionPolicy(0, 1, 1);

    public EjectionPolicy {
        if (ejectAfterFailures < 0) {
            throw new IllegalArgumentException(
                    "ejectAfterFailures: " + ejectAfterFailures + " (expected: >= 0, 0 to disable)");
        }
        if (baseEjectionNanos <= 0) {
            throw new IllegalArgumentException("baseEjectionNanos: " + baseEjectionNanos + " (expected: > 0)");
        }
        if (maxEjectionNanos < baseEjectionNanos) {
            throw new IllegalArgumentException("maxEjectionNanos: " + maxEjectionNanos
                    + " (expected: >= baseEjectionNanos, " + baseEjectionNanos + ")");
        }
    }

    /** The policy for durations given as {@link Duration}s. */
    public static EjectionPolicy of(int ejectAfterFailures, Duration baseEjectionTime, Duration maxEjectionTime) {
        requireNonNull(baseEjectionTime, "baseEjectionTime");
        requireNonNull(maxEjectionTime, "maxEjectionTime");
        return new EjectionPolicy(ejectAfterFailures, baseEjectionTime.toNanos(), maxEjectionTime.toNanos());
    }

    /** Whether instances are ever ejected. */
    public boolean enabled() {
        return ejectAfterFailures > 0;
    }

    /**
     * How long an ejection lasts.
     *
     * @param ejection which ejection of the instance this is, counting from 1
     * @return {@code ejection × baseEjectionNanos}, at most {@code maxEjectionNanos}
     */
    public long ejectionNanos(int ejection) {
        if (ejection <= 0) {
            throw new IllegalArgumentException("ejection: " + ejection + " (expected: >= 1)");
        }
        return ejection > maxEjectionNanos / baseEjectionNanos ? maxEjectionNanos : ejection * baseEjectionNanos;
    }

    /**
     * The most instances of a revision that may be ejected at once: half of them, rounded down, so a lone
     * instance is never ejected.
     */
    public static int maxEjected(int instances) {
        return instances / 2;
    }
}
