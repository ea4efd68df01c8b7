package io.cutover.router.eject;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance's passive health: its streak of consecutive failures, whether it is ejected now, and how
 * many times it was ejected lately. The {@link EjectionPolicy} decides the numbers.
 *
 * <ul>
 *   <li>A failure is reported by {@link #failed}, a success by {@link #succeeded}, which ends the
 *       streak. Failures reported while the instance is ejected (requests sent before it was) do not
 *       count.</li>
 *   <li>When the streak reaches {@code ejectAfterFailures}, the instance is ejected until
 *       {@code now + n × baseEjectionNanos} (capped at {@code maxEjectionNanos}), n being this ejection's
 *       number, and the streak starts over. When the time is up it is back in service; the next streak
 *       ejects it again, for longer.</li>
 *   <li>n counts the ejections since the instance last stayed in service for a whole
 *       {@code maxEjectionNanos}: an instance that ends an ejection and stays un-ejected that long starts
 *       over at 1.</li>
 *   <li>An ejection that would put more than half the instances of the revision out of service at once
 *       does not happen ({@link EjectionPolicy#maxEjected}); the instance keeps its streak and keeps
 *       getting requests, and each further failure tries again.</li>
 * </ul>
 *
 * <p>Times are {@link System#nanoTime()} readings, passed in, compared overflow-safe. Lock-free and safe
 * from any thread: the streak and the end of the ejection are atomics; concurrent ejections within one
 * revision are kept under the cap by publishing the ejection first and counting again after, stepping
 * back if over. Allocates nothing.
 */
public final class EjectionState {

    /** {@link #ejectedUntil} of an instance never ejected; a real end equal to it is moved by 1 ns. */
    private static final long NEVER = 0;

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong ejectedUntil = new AtomicLong(NEVER);
    private volatile int ejections;
    private volatile EjectionState[] revision = {this};

    /** Whether the instance is ejected at {@code now}: it gets no new requests if others can take them. */
    public boolean ejected(long now) {
        long until = ejectedUntil.get();
        return until != NEVER && until - now > 0;
    }

    /** A response that is not a server error came from the instance: the failure streak ends. */
    public void succeeded() {
        // Read first: the common case writes nothing, so loops sharing the instance do not contend.
        if (failures.get() != 0) {
            failures.set(0);
        }
    }

    /**
     * A failure of the instance at {@code now}: connecting failed, or it answered with a server error, or
     * closed the connection without answering.
     *
     * @return whether this failure ejected the instance
     */
    public boolean failed(long now, EjectionPolicy policy) {
        if (!policy.enabled() || ejected(now)) {
            return false;
        }
        if (failures.incrementAndGet() < policy.ejectAfterFailures()) {
            return false;
        }
        return eject(now, policy);
    }

    /**
     * Makes these instances one revision, among which at most half are ejected at once. Every instance
     * starts alone in its revision, so it is never ejected before its revision is known. An instance
     * placed in several revisions counts in the last one.
     */
    public static void revision(EjectionState[] instances) {
        requireNonNull(instances, "instances");
        for (EjectionState instance : instances) {
            instance.revision = instances;
        }
    }

    private boolean eject(long now, EjectionPolicy policy) {
        EjectionState[] peers = revision;
        int allowed = EjectionPolicy.maxEjected(peers.length);
        if (ejectedAmong(peers, now) >= allowed) {
            return false;
        }
        long previous = ejectedUntil.get();
        if (previous != NEVER && previous - now > 0) {
            return false;
        }
        boolean recently = previous != NEVER && now - previous < policy.maxEjectionNanos();
        int number = !recently ? 1 : ejections == Integer.MAX_VALUE ? ejections : ejections + 1;
        long until = now + policy.ejectionNanos(number);
        if (until == NEVER) {
            until++;
        }
        if (!ejectedUntil.compareAndSet(previous, until)) {
            return false; // another event loop ejected it just now
        }
        // Another instance of the revision may be ejected at this moment on another event loop, having
        // counted before this one was published. Counting again after publishing means at least one of
        // the two sees the other, and whoever finds the cap exceeded steps back.
        if (ejectedAmong(peers, now) > allowed) {
            ejectedUntil.set(previous);
            return false;
        }
        ejections = number;
        failures.set(0);
        return true;
    }

    private static int ejectedAmong(EjectionState[] instances, long now) {
        int count = 0;
        for (EjectionState instance : instances) {
            if (instance.ejected(now)) {
                count++;
            }
        }
        return count;
    }
}
