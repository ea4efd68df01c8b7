package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.InvalidManifestException;
import io.cutover.core.manifest.ManifestValidator;
import io.cutover.core.manifest.Problem;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The route changes users ask for: map and unmap a route, put it in maintenance and take it out. Each is
 * written with its event in one transaction and published to every router; a rejected one changes nothing.
 */
public final class RouteChanges {

    private final Store store;
    private final EventLog events;
    private final RoutePublisher routes;
    private final Clock clock;

    public RouteChanges(Store store, EventLog events, RoutePublisher routes, Clock clock) {
        this.store = store;
        this.events = events;
        this.routes = routes;
        this.clock = clock;
    }

    /**
     * A route after a change: the generation that carries it, and its maintenance (null when it serves its app).
     */
    public record Changed(Route route, long generation, @Nullable Maintenance maintenance) {}

    /** Maps a route to an app; returns the route and the generation that carries it. */
    public Changed mapRoute(String address, String app) {
        String hostProblem = ManifestValidator.hostProblem(address.contains("/") ? address.substring(0, address.indexOf('/')) : address);
        if (hostProblem != null) {
            throw new InvalidManifestException(List.of(new Problem("host", hostProblem)));
        }
        Route route = Route.parse(address, app, Route.Source.API, Route.DEFAULT_DOMAIN);
        long generation = routes.change(app, tx -> {
            AppChanges.liveApp(tx, app);
            AppChanges.checkRoutesFree(tx, app, List.of(route), false);
            tx.putRoute(route);
            return events.append(tx, "route_changed", app, Map.of("route", route.address(), "change", "mapped"));
        }).generation();
        events.published(events.lastId());
        return new Changed(route, generation, null);
    }

    /** Removes a route, whoever declared it; returns it and the generation without it. */
    public Changed unmapRoute(String address) {
        Route found = route(address);
        RoutePublisher.Changed<Route> removed = routes.change(found.app(), tx -> {
            Route route = sameRoute(tx, found);
            tx.deleteRoute(route);
            events.append(tx, "route_changed", route.app(), Map.of("route", route.address(), "change", "unmapped"));
            return route;
        });
        events.published(events.lastId());
        return new Changed(removed.result(), removed.generation(), null);
    }

    /**
     * Puts a route in maintenance, or takes it out of maintenance when {@code maintenance} is null (a
     * route not in maintenance stays as it is); returns the route and the generation that carries it.
     *
     * @param maintenance a maintenance without {@link Maintenance#problems()}
     * @throws RouteNotFoundException if no app has the route
     */
    public Changed maintenance(String address, @Nullable Maintenance maintenance) {
        if (maintenance != null && !maintenance.problems().isEmpty()) {
            throw new IllegalArgumentException("maintenance: " + maintenance.problems()); // the API checked its request
        }
        Instant now = clock.instant();
        Route route = route(address);
        long generation = routes.change(route.app(), tx -> {
            Route found = sameRoute(tx, route);
            if (maintenance == null && tx.maintenance(found).isEmpty()) {
                return found; // already serving its app
            }
            tx.putMaintenance(found, maintenance, now);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("route", found.address());
            data.put("change", maintenance == null ? "off" : "on");
            if (maintenance != null) {
                data.put("status", maintenance.status());
            }
            events.append(tx, "route_maintenance", found.app(), data);
            return found;
        }).generation();
        events.published(events.lastId());
        return new Changed(route, generation, maintenance);
    }

    /** The stored route of an address, whichever app has it. */
    private Route route(String address) {
        Route wanted = Route.parse(address, "-", Route.Source.API, Route.DEFAULT_DOMAIN);
        return store.route(wanted.host(), wanted.pathPrefix()).orElseThrow(() -> new RouteNotFoundException(wanted.address()));
    }

    /**
     * The route read again in the change's transaction: it must still belong to the app whose entries the
     * change recomposes (a concurrent change may have moved or removed it meanwhile).
     */
    private static Route sameRoute(Store.Tx tx, Route seen) {
        Route now = tx.route(seen.host(), seen.pathPrefix()).orElseThrow(() -> new RouteNotFoundException(seen.address()));
        if (!now.app().equals(seen.app())) {
            throw new ConflictException("route " + seen.address() + " moved to another app meanwhile; nothing was changed",
                    List.of(new Problem("route", seen.address() + " belongs to " + now.app() + " now (expected: " + seen.app() + ")")));
        }
        return now;
    }

}
