package io.cutover.controller.routing;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.Store;
import io.cutover.core.model.Instance;
import io.cutover.core.routing.RouteTableComposer;
import io.cutover.core.routing.RoutingTable;
import io.cutover.router.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns the stored routes and instances into route-table generations and hands each to every router
 * through the {@link RoutingHub}; callers that need a change to be live wait for the acknowledgements.
 *
 * <p>One publish at a time, so generations go out in order.
 */
public final class RoutePublisher implements AutoCloseable {

    private final Store store;
    private final RoutingHub hub;
    private final Duration routerTimeout;

    /**
     * @param router the embedded router, or null when this server runs none
     * @param routerTimeout how long a router may stay silent before it stops counting
     */
    public RoutePublisher(Store store, EventLog events, @Nullable Router router, Clock clock, Duration routerTimeout) {
        this.store = store;
        this.routerTimeout = routerTimeout;
        this.hub = new RoutingHub(events, clock, routerTimeout);
        if (router != null) {
            hub.connect(new EmbeddedSession(router, hub, clock));
        }
    }

    /** Builds the next generation from the store and sends it to every router; returns its number. */
    public synchronized long publish() {
        List<Instance> instances = store.allInstances();
        Map<String, List<Instance>> byApp = instances.stream().collect(Collectors.groupingBy(Instance::app));
        var routes = store.routes();
        long generation = store.transaction(Store.Tx::nextGeneration);
        hub.distribute(RouteTableComposer.compose(generation, routes, byApp));
        return generation;
    }

    /**
     * Publishes and waits until every live router applied the new generation, at most the router timeout
     * (after which a silent router stops counting anyway). Returns the routers that still lag.
     */
    public List<String> publishAndAwait() throws InterruptedException {
        return hub.awaitApplied(publish(), routerTimeout.plusSeconds(1));
    }

    /** The hub: acknowledgements, heartbeats, waiting, the routers' state. */
    public RoutingHub hub() {
        return hub;
    }

    /** The last table published. */
    public RoutingTable current() {
        return hub.current();
    }

    /** Requests in flight on an instance, summed over the live routers. */
    public int inFlight(String instanceId) {
        return hub.inFlight(instanceId);
    }

    @Override
    public void close() {
        hub.close();
    }
}
