package io.cutover.controller.engine;

import io.cutover.core.deploy.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Callers waiting for a blue-green deployment to switch (a promote answers once every router sends
 * everything to green), completed when the deployment as written switched or can no longer switch.
 */
final class SwitchWaiters {

    private final Map<Long, List<CompletableFuture<Deployment>>> waiting = new ConcurrentHashMap<>();

    /** Completes once {@code id} switched or can no longer switch; {@code stored} is the deployment as it is now. */
    CompletableFuture<Deployment> whenSwitched(long id, Optional<Deployment> stored) {
        CompletableFuture<Deployment> future = new CompletableFuture<>();
        waiting.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(future);
        stored.ifPresent(this::written);
        return future;
    }

    /** A deployment was written: its waiters get it once the switch is decided. */
    void written(Deployment deployment) {
        if (deployment.switchDecided()) {
            List<CompletableFuture<Deployment>> done = waiting.remove(deployment.id());
            if (done != null) {
                done.forEach(f -> f.complete(deployment));
            }
        }
    }
}
