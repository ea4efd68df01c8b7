package io.cutover.core.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What changed from generation {@code base} to {@code generation} of a routing table: the {@code delta}
 * event of the routing protocol (docs/api.md). Routes are replaced whole, keyed by host and path prefix;
 * the certificates, when they changed, as one list.
 *
 * @param base the generation this delta applies to
 * @param generation the generation it makes
 * @param term the term of the leader that published it (see {@link RoutingTable#term}); 0 when unknown
 * @param upserts routes added or replaced
 * @param removals routes dropped
 * @param certificates every certificate of the new generation when they changed; null when they did not
 */
public record RoutingDelta(long base, long generation, long term, List<RouteEntry> upserts, List<RouteKey> removals,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<TlsCertificate> certificates) {

    public RoutingDelta(long base, long generation, long term, @Nullable List<RouteEntry> upserts,
            @Nullable List<RouteKey> removals, @Nullable List<TlsCertificate> certificates) {
        if (generation < base) {
            throw new IllegalArgumentException("generation: " + generation + " (expected: >= base, " + base + ")");
        }
        if (term < 0) {
            throw new IllegalArgumentException("term: " + term + " (expected: >= 0)");
        }
        this.base = base;
        this.generation = generation;
        this.term = term;
        this.upserts = upserts == null ? List.of() : List.copyOf(upserts);
        this.removals = removals == null ? List.of() : List.copyOf(removals);
        this.certificates = certificates == null ? null : List.copyOf(certificates);
    }

    /** A delta that leaves the certificates as they are. */
    public RoutingDelta(long base, long generation, long term, @Nullable List<RouteEntry> upserts,
            @Nullable List<RouteKey> removals) {
        this(base, generation, term, upserts, removals, null);
    }

    /** The delta as the protocol has it; a controller from before terms sends none. */
    @JsonCreator
    static RoutingDelta read(@JsonProperty("base") long base, @JsonProperty("generation") long generation,
            @JsonProperty("term") @Nullable Long term, @JsonProperty("upserts") @Nullable List<RouteEntry> upserts,
            @JsonProperty("removals") @Nullable List<RouteKey> removals,
            @JsonProperty("certificates") @Nullable List<TlsCertificate> certificates) {
        return new RoutingDelta(base, generation, term == null ? 0 : term, upserts, removals, certificates);
    }

    /** A delta of no known term, as a test or a single router fed by hand makes it. */
    public RoutingDelta(long base, long generation, @Nullable List<RouteEntry> upserts, @Nullable List<RouteKey> removals) {
        this(base, generation, 0, upserts, removals);
    }

    /**
     * What changed from {@code from} to {@code to}, in {@code to}'s term: routes that differ are upserted,
     * routes gone are removed.
     */
    public static RoutingDelta between(RoutingTable from, RoutingTable to) {
        Map<RouteKey, RouteEntry> before = new HashMap<>();
        for (RouteEntry route : from.routes()) {
            before.put(RouteKey.of(route), route);
        }
        List<RouteEntry> upserts = new ArrayList<>();
        for (RouteEntry route : to.routes()) {
            RouteEntry old = before.remove(RouteKey.of(route));
            if (!route.equals(old)) {
                upserts.add(route);
            }
        }
        return new RoutingDelta(from.generation(), to.generation(), to.term(), upserts, List.copyOf(before.keySet()),
                from.certificates().equals(to.certificates()) ? null : to.certificates());
    }

    /**
     * The table this delta makes of {@code current}: removals dropped, upserts replacing the route of the
     * same host and prefix in place or appended.
     *
     * @throws IllegalStateException if {@code current} is not at generation {@code base}
     */
    public RoutingTable applyTo(RoutingTable current) {
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
        return new RoutingTable(generation, Math.max(term, current.term()), current.store(), List.copyOf(routes.values()),
                certificates == null ? current.certificates() : certificates);
    }
}
