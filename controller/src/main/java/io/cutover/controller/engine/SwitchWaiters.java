package io.cutover.controller.engine;

import io.cutover.core.deploy.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Callers waiting for a blue-green deployment to switch (a promote answers once every router sends
 * everything to green), completed when the deployment as written switched or can no longer switch.
 */
final class SwitchWaiters {

    private final Map<Long, List<CompletableFuture<Deployment>>> waiting = new ConcurrentHashMap<>();

    /**
     * Completes once {@code id} switched or can no longer switch. {@code stored} reads the deployment as
     * it is now; it is read after the waiter is registered, so a switch written at any moment is seen
     * either by that read or by {@link #written}.
     */
    CompletableFuture<Deployment> whenSwitched(long id, Supplier<Optional<Deployment>> stored) {
        CompletableFuture<Deployment> future = new CompletableFuture<>();
        waiting.compute(id, (k, list) -> {
            List<CompletableFuture<Deployment>> futures = list == null ? new ArrayList<>(2) : list;
            futures.add(future);
            return futures;
        });
        stored.get().ifPresent(this::written);
        return future;
    }

    /** A deployment was written: its waiters get it once the switch is decided (the list leaves the map atomically). */
    void written(Deployment deployment) {
        if (deployment.switchDecided()) {
            List<CompletableFuture<Deployment>> done = waiting.remove(deployment.id());
            if (done != null) {
                done.forEach(f -> f.complete(deployment));
            }
        }
    }
}
