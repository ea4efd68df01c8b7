package io.cutover.router.balance;

import io.cutover.router.table.Backend;
import io.cutover.router.table.Route;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the instance for a request: a revision by weight, then among that revision's instances the
 * less loaded of two picked at random (least outstanding requests, power of two choices).
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
     * @param tried instances already tried for this request, in {@code tried[0 .. triedCount - 1]}; none
     *     of them is chosen again
     * @param triedCount how many entries of {@code tried} are set
     * @return the chosen instance, or null when every instance of the route was tried
     */
    public static @Nullable Backend choose(Route route, Backend[] tried, int triedCount) {
        int revisions = route.revisionCount();
        if (revisions == 0) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = revisions == 1 ? 0 : route.revisionFor(random.nextInt(route.totalWeight()));
        if (triedCount == 0) {
            return twoChoices(route, first, random);
        }
        // A retry: prefer the same revision, then any other one that takes traffic.
        for (int i = 0; i < revisions; i++) {
            Backend backend = leastLoadedUntried(route, (first + i) % revisions, tried, triedCount);
            if (backend != null) {
                return backend;
            }
        }
        return null;
    }

    private static Backend twoChoices(Route route, int revision, ThreadLocalRandom random) {
        int n = route.endpointCount(revision);
        if (n == 1) {
            return route.endpoint(revision, 0);
        }
        int a = random.nextInt(n);
        int b = random.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        Backend first = route.endpoint(revision, a);
        Backend second = route.endpoint(revision, b);
        return second.inFlight() < first.inFlight() ? second : first;
    }

    private static @Nullable Backend leastLoadedUntried(Route route, int revision, Backend[] tried, int triedCount) {
        Backend best = null;
        for (int i = 0, n = route.endpointCount(revision); i < n; i++) {
            Backend candidate = route.endpoint(revision, i);
            if (!contains(tried, triedCount, candidate)
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
