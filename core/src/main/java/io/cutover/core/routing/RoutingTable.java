package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One generation of the route table, as the controller publishes it and every router applies it.
 *
 * <p>Immutable. The generation grows by one with every change; a router acknowledges the generation it
 * has applied. Generations are numbered by one store, so they compare only within that store; the term
 * says which leader of the store made the table, so a router can refuse a deposed leader's (docs/ha.md).
 *
 * @param generation the table's version, starting at 1 (0 is the empty table a router starts with)
 * @param term the term of the leader that published it; 0 when unknown (a table saved before terms)
 * @param store the identity of the store that numbers the generations; empty when unknown
 * @param routes every route, at most one per (host, path prefix)
 * @param certificates the certificates added through the API, for routers' TLS listeners; by name
 */
public record RoutingTable(long generation, long term, String store, List<RouteEntry> routes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TlsCertificate> certificates) {

    /** The table a router holds before it learned anything. */
    public static final RoutingTable EMPTY = new RoutingTable(0, List.of());

    public RoutingTable(long generation, long term, @Nullable String store, List<RouteEntry> routes,
            @Nullable List<TlsCertificate> certificates) {
        if (generation < 0) {
            throw new IllegalArgumentException("generation: " + generation + " (expected: >= 0)");
        }
        if (term < 0) {
            throw new IllegalArgumentException("term: " + term + " (expected: >= 0)");
        }
        this.generation = generation;
        this.term = term;
        this.store = store == null ? "" : store;
        this.routes = List.copyOf(requireNonNull(routes, "routes"));
        this.certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }

    /** A table without certificates. */
    public RoutingTable(long generation, long term, @Nullable String store, List<RouteEntry> routes) {
        this(generation, term, store, routes, List.of());
    }

    /** The table as the protocol or a saved file has it; one saved before terms and stores has neither. */
    @JsonCreator
    static RoutingTable read(@JsonProperty("generation") long generation, @JsonProperty("term") @Nullable Long term,
            @JsonProperty("store") @Nullable String store, @JsonProperty("routes") List<RouteEntry> routes,
            @JsonProperty("certificates") @Nullable List<TlsCertificate> certificates) {
        return new RoutingTable(generation, term == null ? 0 : term, store, routes, certificates);
    }

    /** A table of no known store or term, as a test or a single router fed by hand makes it. */
    public RoutingTable(long generation, List<RouteEntry> routes) {
        this(generation, 0, "", routes);
    }

    /** This table, published by the leader of {@code term} on the store {@code store}. */
    public RoutingTable stamped(long term, String store) {
        return new RoutingTable(generation, term, store, routes, certificates);
    }

    /** This table carrying {@code certificates} instead of its own. */
    public RoutingTable withCertificates(List<TlsCertificate> certificates) {
        return new RoutingTable(generation, term, store, routes, certificates);
    }

    /** This table with no private key in it: what readers other than routers are shown. */
    public RoutingTable withoutKeys() {
        return certificates.isEmpty() ? this
                : withCertificates(certificates.stream().map(TlsCertificate::withoutKey).toList());
    }

    /** Whether {@code other} was numbered by the same store as this table (both unknown counts as the same). */
    public boolean sameStore(RoutingTable other) {
        return store.equals(other.store);
    }

    /**
     * Why a router serving this table must refuse {@code next}, or null when it may serve it. The empty
     * table of generation 0 never replaces a served one. A table of another store is taken: its
     * generations do not compare with this one's. Within one store, a
     * table of an older term (a deposed leader's) or an older generation is refused.
     */
    public @Nullable String refusalOf(RoutingTable next) {
        if (next.generation == 0 && generation > 0) {
            return "generation: 0 (expected: >= 1; 0 is the empty table of a controller that published nothing)";
        }
        if (!sameStore(next)) {
            return null;
        }
        String term = termRefusal(next.term);
        if (term != null) {
            return term;
        }
        if (next.generation < generation) {
            return "generation: " + next.generation + " (expected: >= " + generation + ", the generation served)";
        }
        return null;
    }

    /**
     * Why a router serving this table must refuse a change made in {@code nextTerm} of the same store, or
     * null: a term older than the one this router follows comes from a leader that was deposed.
     */
    public @Nullable String termRefusal(long nextTerm) {
        if (nextTerm < term) {
            return "term: " + nextTerm + " is older than term " + term + " this router follows"
                    + " (a deposed leader's table); following the current leader";
        }
        return null;
    }
}
