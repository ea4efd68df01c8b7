package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.core.model.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops one instance the zero-downtime way (README, the guarantees), in ordered, bounded phases, with an event for
 * each: it already left the route table (the caller published a generation without it); wait until every
 * live router applied that generation; wait until its in-flight requests reach 0, at most {@code drainTimeoutSeconds}; SIGTERM;
 * SIGKILL if it has not exited after {@code killGracePeriodSeconds}. The exit itself comes back to the
 * engine through the instance's exit future.
 */
final class StopSequence {

    private static final Duration DRAIN_POLL = Duration.ofMillis(10);
    private static final Duration ROUTER_WAIT = Duration.ofSeconds(30);

    private final InstanceRuntime runtime;
    private final RoutePublisher routes;
    private final EventLog events;
    private final Clock clock;

    StopSequence(InstanceRuntime runtime, RoutePublisher routes, EventLog events, Clock clock) {
        this.runtime = runtime;
        this.routes = routes;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Runs the phases on a new virtual thread.
     *
     * @param generation the route-table generation without the instance; every live router must have
     *     applied it before the drain starts
     */
    void start(Instance instance, Launched launched, long generation, int drainSeconds, int graceSeconds) {
        Thread.ofVirtual().name("cutover-stop-" + instance.id())
                .start(() -> run(instance, launched, generation, drainSeconds, graceSeconds));
    }

    private void run(Instance instance, Launched launched, long generation, int drainSeconds, int graceSeconds) {
        Instant started = clock.instant();
        List<String> lagging;
        try {
            // Routers that stay silent stop counting after the router timeout, so this wait is bounded.
            lagging = routes.hub().awaitApplied(generation, ROUTER_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Instant deadline = started.plusSeconds(drainSeconds);
        try {
            while (routes.inFlight(instance.id()) > 0 && clock.instant().isBefore(deadline) && !launched.exit().isDone()) {
                Thread.sleep(DRAIN_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (launched.exit().isDone()) {
            return; // it exited on its own meanwhile; the exit observation reports it
        }
        int left = routes.inFlight(instance.id());
        Map<String, Object> drained = new LinkedHashMap<>();
        drained.put("instance", instance.id());
        drained.put("inFlight", left);
        drained.put("timedOut", left > 0);
        drained.put("generation", generation);
        if (!lagging.isEmpty()) {
            drained.put("routersLagging", lagging);
        }
        drained.put("millis", Duration.between(started, clock.instant()).toMillis());
        events.append("instance_drained", instance.app(), drained);

        runtime.terminate(launched);
        events.append("instance_terminating", instance.app(), Map.of("instance", instance.id(), "signal", "SIGTERM",
                "killGracePeriodSeconds", graceSeconds));
        try {
            launched.exit().get(graceSeconds * 1000L, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            runtime.kill(launched);
            events.append("instance_killed", instance.app(), Map.of("instance", instance.id(), "signal", "SIGKILL",
                    "reason", "still running " + graceSeconds + "s after SIGTERM"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the exit future does not fail; nothing to do
        }
    }
}
