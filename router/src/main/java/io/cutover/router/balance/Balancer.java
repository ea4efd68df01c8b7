package io.cutover.router.balance;

import io.cutover.router.table.Backend;
import io.cutover.router.table.Route;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the instance for a request: a revision by weight, then among that revision's instances in
 * service the less loaded of two picked at random (least outstanding requests, power of two choices).
 *
 * <p>Ejected instances are passed over while any other untried instance of the route is in service, the
 * chosen revision's first; only when none is left does an ejected one get the request, so ejection alone
 * never fails a request.
 *
 * <p>Allocates nothing; safe from any thread.
 */
public final class Balancer {

    private Balancer() {
    }

    /**
     * The instance for a request.
     *
     * @param route a route with at least one revision that can take requests
     * @param pinned the revision (index) a sticky session asks for, -1 for none: it is taken instead of
     *     one chosen by weight
     * @param tried instances already tried for this request, in {@code tried[0 .. triedCount - 1]}; none
     *     of them is chosen again
     * @param triedCount how many entries of {@code tried} are set
     * @param now a {@code System.nanoTime()} reading, to tell which instances are ejected
     * @return the chosen instance, or null when every instance of the route was tried
     */
    public static @Nullable Backend choose(Route route, int pinned, Backend[] tried, int triedCount, long now) {
        int revisions = route.revisionCount();
        if (revisions == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = pinned >= 0 && pinned < revisions ? pinned
                : revisions == 1 ? 0 : route.revisionFor(random.nextInt(route.totalWeight()));
        if (triedCount == 0) {
            Backend backend = twoChoices(route, first, random, now);
            if (backend != null) {
                return backend;
            }
        }
        // A retry, or both picks were ejected: instances in service first, the same revision before the
        // others; ejected instances last.
        for (int i = 0; i < revisions; i++) {
            Backend backend = leastLoadedUntried(route, (first + i) % revisions, tried, triedCount, now, false);
            if (backend != null) {
                return backend;
            }
        }
        for (int i = 0; i < revisions; i++) {
            Backend backend = leastLoadedUntried(route, (first + i) % revisions, tried, triedCount, now, true);
            if (backend != null) {
                return backend;
            }
        }
        return null;
    }

    private static @Nullable Backend twoChoices(Route route, int revision, ThreadLocalRandom random, long now) {
        int n = route.endpointCount(revision);
        if (n == 1) {
            Backend only = route.endpoint(revision, 0);
            return only.ejection().ejected(now) ? null : only;
        }
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        Backend first = route.endpoint(revision, a);
        Backend second = route.endpoint(revision, b);
        if (first.ejection().ejected(now)) {
            return second.ejection().ejected(now) ? null : second;
        }
        if (second.ejection().ejected(now)) {
            return first;
        }
        return second.inFlight() < first.inFlight() ? second : first;
    }

    private static @Nullable Backend leastLoadedUntried(
            Route route, int revision, Backend[] tried, int triedCount, long now, boolean ejectedToo) {
        Backend best = null;
        for (int i = 0, n = route.endpointCount(revision); i < n; i++) {
            Backend candidate = route.endpoint(revision, i);
            if (!contains(tried, triedCount, candidate)
                    && (ejectedToo || !candidate.ejection().ejected(now))
                    && (best == null || candidate.inFlight() < best.inFlight())) {
                best = candidate;
            }
        }
        return best;
    }

    private static boolean contains(Backend[] tried, int triedCount, Backend backend) {
        for (int i = 0; i < triedCount; i++) {
            if (tried[i] == backend) {
                return true;
            }
        }
        return false;
    }
}
