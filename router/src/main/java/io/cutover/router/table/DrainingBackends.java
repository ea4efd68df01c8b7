package io.cutover.router.table;

import io.cutover.router.metrics.RevisionRecorder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Backends that left the table while requests may still be in flight on them.
 *
 * <p>Tracking and pruning run inside the map's per-key lock, so a backend that is acquired while it is
 * being pruned is always tracked again afterwards.
 */
final class DrainingBackends {

    private final Map<Backend, Boolean> backends = new ConcurrentHashMap<>();

    void track(Backend backend) {
        backends.put(backend, Boolean.TRUE);
    }

    void untrack(Backend backend) {
        backends.remove(backend);
    }

    /** A tracked backend of that instance, address and revision, to bring back into a table. */
    @Nullable Backend find(String instanceId, String host, int port, RevisionRecorder recorder) {
        for (Backend backend : backends.keySet()) {
            if (backend.instanceId().equals(instanceId) && backend.at(host, port) && backend.recorder() == recorder) {
                return backend;
            }
        }
        return null;
    }

    /** Adds the in-flight counts of retired backends that still have requests, and forgets the others. */
    void addInFlight(Map<String, Integer> counts) {
        for (Backend backend : backends.keySet()) {
            backends.computeIfPresent(backend, (b, tracked) -> b.inFlight() == 0 ? null : tracked);
            int n = backend.inFlight();
            if (n > 0 && backend.retired()) {
                counts.merge(backend.instanceId(), n, Integer::sum);
            }
        }
    }

    void prune() {
        for (Backend backend : backends.keySet()) {
            backends.computeIfPresent(backend, (b, tracked) -> b.inFlight() == 0 ? null : tracked);
        }
    }
}
