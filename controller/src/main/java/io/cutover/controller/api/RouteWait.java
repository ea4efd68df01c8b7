package io.cutover.controller.api;

import io.cutover.controller.routing.RoutingHub;
import io.cutover.core.manifest.Durations;
import io.cutover.core.manifest.Problem;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;

/**
 * {@code ?wait=true&timeout=10s} on a route-changing call: answer only once every live router applied the
 * generation the change made, or 504 naming the routers that lag (the change itself is stored either way).
 */
final class RouteWait {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private RouteWait() {}

    /** Waits if the request asked to; throws {@link RoutersLaggingException} when the timeout passes first. */
    static void ifAsked(Context ctx, RoutingHub hub, long generation) {
        if (!"true".equals(ctx.queryParam("wait"))) {
            return;
        }
        Duration timeout = timeout(ctx.queryParam("timeout"));
        List<String> lagging;
        try {
            lagging = hub.awaitApplied(generation, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the routers", e);
        }
        if (!lagging.isEmpty()) {
            throw new RoutersLaggingException("generation " + generation + " was not applied by every router within "
                    + timeout.toMillis() + " ms", lagging.stream().map(r -> new Problem("router", r)).toList());
        }
    }

    private static Duration timeout(String value) {
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        Duration timeout = Durations.parse(value);
        if (timeout == null) {
            throw new BadRequestException("timeout", "\"" + value + "\" (expected: " + Durations.EXPECTED + ")");
        }
        if (timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new BadRequestException("timeout", value + " (expected: at most 5m)");
        }
        return timeout;
    }

    /** Some live router did not apply a generation in time. */
    static final class RoutersLaggingException extends RuntimeException {
        private final List<Problem> routers;

        RoutersLaggingException(String message, List<Problem> routers) {
            super(message);
            this.routers = List.copyOf(routers);
        }

        List<Problem> routers() {
            return routers;
        }
    }
}
