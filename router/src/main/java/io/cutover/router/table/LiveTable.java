package io.cutover.router.table;

import static java.util.Objects.requireNonNull;

import io.cutover.core.routing.RoutingTable;
import io.cutover.router.eject.EjectionState;
import io.cutover.router.metrics.RevisionRecorders;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The route table a router serves, swapped atomically, the in-flight accounting of every instance it
 * has routed to, those already removed included, and the recorders of the app revisions.
 *
 * <p>Readers take {@link #current()} (one volatile read) and never lock; {@link #apply} compiles the new
 * table aside and publishes it with one volatile write.
 */
public final class LiveTable {

    private final DrainingBackends draining = new DrainingBackends();
    private final RevisionRecorders recorders = new RevisionRecorders();
    private volatile RouteTable current = RouteTable.EMPTY;

    /** The table being served. */
    public RouteTable current() {
        return current;
    }

    /** The routing table being served; {@link RoutingTable#EMPTY} before the first. */
    public RoutingTable table() {
        return current.source();
    }

    /** The recorders of the app revisions served, and of the last ones that left the table. */
    public RevisionRecorders recorders() {
        return recorders;
    }

    /** The generation being served; 0 before the first table. */
    public long generation() {
        return current.generation();
    }

    /**
     * Compiles and serves a new table. Instances that stay keep their backend objects, counts and health
     * (failure streak, ejection); instances that left are retired: they get no new requests and stay in
     * {@link #inFlight()} until their requests have finished. The instances of each app revision become
     * one group for the cap on ejections, and share the revision's recorder, which outlives tables.
     *
     * @throws IllegalArgumentException if the generation is older than the one served, or the table is
     *     inconsistent; the served table is unchanged then
     */
    public synchronized void apply(RoutingTable table) {
        requireNonNull(table, "table");
        RouteTable previous = current;
        if (table.generation() < previous.generation()) {
            throw new IllegalArgumentException("generation: " + table.generation() + " (expected: >= "
                    + previous.generation() + ", the generation served)");
        }
        RouteTable next = TableCompiler.compile(table, previous.backends(), draining, recorders);
        for (Backend[] revision : next.revisions()) {
            EjectionState[] states = new EjectionState[revision.length];
            for (int i = 0; i < revision.length; i++) {
                states[i] = revision[i].ejection();
            }
            EjectionState.revision(states);
        }
        current = next;
        recorders.publish(next.recorders());
        for (Backend backend : next.backends().values()) {
            if (backend.retired()) {
                backend.revive();
            }
        }
        for (Backend backend : previous.backends().values()) {
            if (next.backends().get(backend.instanceId()) != backend) {
                backend.retire();
            }
        }
        draining.prune();
    }

    /**
     * Requests in flight per instance id: every instance of the served table (zeros included), and the
     * instances that left it and still have requests in flight.
     */
    public Map<String, Integer> inFlight() {
        Map<String, Integer> counts = new HashMap<>();
        for (Backend backend : current.backends().values()) {
            counts.put(backend.instanceId(), backend.inFlight());
        }
        draining.addInFlight(counts);
        return Collections.unmodifiableMap(counts);
    }

    /** The ids of the served table's instances ejected at {@code now}, a {@code System.nanoTime()} reading. */
    public Set<String> ejected(long now) {
        Set<String> ids = new HashSet<>();
        for (Backend backend : current.backends().values()) {
            if (backend.ejection().ejected(now)) {
                ids.add(backend.instanceId());
            }
        }
        return Collections.unmodifiableSet(ids);
    }
}
