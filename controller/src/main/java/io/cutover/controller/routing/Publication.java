package io.cutover.controller.routing;

import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import org.jspecify.annotations.Nullable;

/**
 * One generation on its way to the routers: the table, the delta from the generation before, and their
 * wire forms, each worked out once however many routers take it.
 */
final class Publication {

    private final RoutingTable table;
    private final RoutingTable previous;
    private @Nullable RoutingDelta delta;
    private @Nullable String deltaJson;
    private @Nullable String tableJson;

    /**
     * @param delta the change from {@code previous} to {@code table}, when the publisher knows it; null to
     *     work it out on first use
     */
    Publication(RoutingTable table, RoutingTable previous, @Nullable RoutingDelta delta) {
        if (delta != null && (delta.base() != previous.generation() || delta.generation() != table.generation())) {
            throw new IllegalArgumentException("delta: " + delta.base() + " -> " + delta.generation() + " (expected: "
                    + previous.generation() + " -> " + table.generation() + ")");
        }
        this.table = table;
        this.previous = previous;
        this.delta = delta;
    }

    /** The whole table, for a router that just connected. */
    static Publication snapshot(RoutingTable table) {
        return new Publication(table, RoutingTable.EMPTY, null);
    }

    RoutingTable table() {
        return table;
    }

    /** The generation a router must serve to take the delta. */
    long base() {
        return previous.generation();
    }

    synchronized RoutingDelta delta() {
        if (delta == null) {
            delta = RoutingDelta.between(previous, table);
        }
        return delta;
    }

    /** The {@code delta} event's data. */
    synchronized String deltaJson() {
        if (deltaJson == null) {
            deltaJson = Manifests.toJson(delta());
        }
        return deltaJson;
    }

    /** The {@code snapshot} event's data. */
    synchronized String tableJson() {
        if (tableJson == null) {
            tableJson = Manifests.toJson(table);
        }
        return tableJson;
    }
}
