package io.cutover.controller.routing;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.Store;
import io.cutover.core.model.Instance;
import io.cutover.core.routing.RouteTableComposer;
import io.cutover.core.routing.RoutingTable;
import io.cutover.router.Router;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns the stored routes and instances into route-table generations and hands each to the routers.
 *
 * <p>One publish at a time, so generations reach the router in order. The embedded router applies a
 * table synchronously: when {@link #publish} returns, it serves the new generation.
 */
public final class RoutePublisher {

    private final Store store;
    private final EventLog events;
    private final @Nullable Router router;
    private volatile RoutingTable current = RoutingTable.EMPTY;

    /** @param router the embedded router, or null when this server runs none */
    public RoutePublisher(Store store, EventLog events, @Nullable Router router) {
        this.store = store;
        this.events = events;
        this.router = router;
    }

    /** Builds the next generation from the store and applies it; returns its number. */
    public synchronized long publish() {
        List<Instance> instances = store.allInstances();
        Map<String, List<Instance>> byApp = instances.stream().collect(Collectors.groupingBy(Instance::app));
        var routes = store.routes();
        long generation = store.transaction(Store.Tx::nextGeneration);
        RoutingTable table = RouteTableComposer.compose(generation, routes, byApp);
        if (router != null) {
            router.apply(table);
        }
        current = table;
        events.append("route_applied", null, Map.of("generation", generation, "routes", routes.size(),
                "routers", router == null ? 0 : 1));
        return generation;
    }

    /** The last table published. */
    public RoutingTable current() {
        return current;
    }

    /** Requests in flight on an instance, on every router (0 when there is no router). */
    public int inFlight(String instanceId) {
        return router == null ? 0 : router.inFlight().getOrDefault(instanceId, 0);
    }
}
