package io.cutover.router.link;

import static java.util.Objects.requireNonNull;

import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code delta} event: what changed from generation {@code base} to {@code generation}. Routes are
 * replaced whole, keyed by host and path prefix.
 *
 * @param base the generation this delta applies to
 * @param generation the generation it makes
 * @param upserts routes added or replaced
 * @param removals routes dropped
 */
record TableDelta(long base, long generation, List<RouteEntry> upserts, List<RouteKey> removals) {

    TableDelta(long base, long generation, @Nullable List<RouteEntry> upserts, @Nullable List<RouteKey> removals) {
        this.base = base;
        this.generation = generation;
        this.upserts = upserts == null ? List.of() : List.copyOf(upserts);
        this.removals = removals == null ? List.of() : List.copyOf(removals);
    }

    /**
     * The table this delta makes of {@code current}: removals dropped, upserts replacing the route of
     * the same host and prefix in place or appended.
     *
     * @throws IllegalStateException if {@code current} is not at generation {@code base}
     */
    RoutingTable applyTo(RoutingTable current) {
        if (current.generation() != base) {
            throw new IllegalStateException("base: " + base + " (expected: " + current.generation()
                    + ", the generation this router serves); reconnecting for a snapshot");
        }
        Map<RouteKey, RouteEntry> routes = new LinkedHashMap<>();
        for (RouteEntry route : current.routes()) {
            routes.put(RouteKey.of(route), route);
        }
        for (RouteKey removal : removals) {
            routes.remove(removal);
        }
        for (RouteEntry upsert : upserts) {
            routes.put(RouteKey.of(upsert), upsert);
        }
        return new RoutingTable(generation, List.copyOf(routes.values()));
    }

    /**
     * What identifies a route.
     *
     * @param host the hostname, compared in lower case
     * @param pathPrefix the path prefix
     */
    record RouteKey(String host, String pathPrefix) {

        RouteKey {
            host = requireNonNull(host, "host").toLowerCase(Locale.ROOT);
            requireNonNull(pathPrefix, "pathPrefix");
        }

        static RouteKey of(RouteEntry route) {
            return new RouteKey(route.host(), route.pathPrefix());
        }
    }
}
