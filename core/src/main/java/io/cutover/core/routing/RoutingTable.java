package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One generation of the route table, as the controller publishes it and every router applies it.
 *
 * <p>Immutable. The generation grows by one with every change; a router acknowledges the generation it
 * has applied.
 *
 * @param generation the table's version, starting at 1 (0 is the empty table a router starts with)
 * @param routes every route, at most one per (host, path prefix)
 */
public record RoutingTable(long generation, List<RouteEntry> routes) {

    /** The table a router holds before it learned anything. */
    public static final RoutingTable EMPTY = new RoutingTable(0, List.of());

    public RoutingTable {
        if (generation < 0) {
            throw new IllegalArgumentException("generation: " + generation + " (expected: >= 0)");
        }
        routes = List.copyOf(requireNonNull(routes, "routes"));
    }
}
