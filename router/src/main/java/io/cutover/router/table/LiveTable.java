package io.cutover.router.table;

import static java.util.Objects.requireNonNull;

import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RouteKey;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import io.cutover.core.routing.TlsCertificate;
import io.cutover.router.eject.EjectionState;
import io.cutover.router.metrics.RevisionRecorder;
import io.cutover.router.metrics.RevisionRecorders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The route table a router serves, swapped atomically, the in-flight accounting of every instance it
 * has routed to, those already removed included, and the recorders of the app revisions.
 *
 * <p>Readers take {@link #current()} (one volatile read) and never lock. {@link #apply} works out the
 * change from the table served (a whole table or a {@link RoutingDelta}), compiles only the routes that
 * changed, and publishes the next table with one volatile write; its cost grows with the change, not
 * with the table. Applies are serialized by this object's lock.
 */
public final class LiveTable {

    private final DrainingBackends draining = new DrainingBackends();
    private final RevisionRecorders recorders = new RevisionRecorders();
    /** What the served table lists; written under the lock, the backends also read by reporting threads. */
    private final Listings listings = new Listings();
    private volatile RouteTable current = RouteTable.EMPTY;
    /** The term of the leader this router follows and the store its generations are numbered by; under the lock. */
    private long term;
    private String store = "";
    /** The certificates the served table carries (added through the API); under the lock. */
    private List<TlsCertificate> certificates = List.of();
    /** The served table as the controller sent it, made on demand; null after a change. Under the lock. */
    private @Nullable RoutingTable source = RoutingTable.EMPTY;

    /** The table being served. */
    public RouteTable current() {
        return current;
    }

    /** The generation being served; 0 before the first table. */
    public long generation() {
        return current.generation();
    }

    /**
     * The routing table being served, as the controller would send it (routes in no particular order);
     * {@link RoutingTable#EMPTY} before the first. Made on the first call after a change.
     */
    public synchronized RoutingTable table() {
        if (source == null) {
            source = new RoutingTable(current.generation(), term, store, List.copyOf(listings.entries.values()), certificates);
        }
        return source;
    }

    /** The recorders of the app revisions served, and of the last ones that left the table. */
    public RevisionRecorders recorders() {
        return recorders;
    }

    /**
     * Serves a whole table. Instances that stay keep their backend objects, counts and health (failure
     * streak, ejection); instances that left are retired: they get no new requests and stay in {@link
     * #inFlight()} until their requests have finished. The instances of each app revision form one group
     * for the cap on ejections, and share the revision's recorder, which outlives tables.
     *
     * <p>A table of another store than the one served is taken whatever its generation and term: its
     * numbers do not compare with the served ones (a reinstalled controller, another data directory).
     *
     * @throws StaleTermException if the table is of the same store and an older term (a deposed leader's);
     *     the served table is unchanged then
     * @throws IllegalArgumentException if the generation is older than the one served, or the table is
     *     inconsistent; the served table is unchanged then
     */
    public synchronized void apply(RoutingTable table) {
        requireNonNull(table, "table");
        RoutingTable served = lineage();
        if (served.sameStore(table)) {
            String stale = served.termRefusal(table.term());
            if (stale != null) {
                throw new StaleTermException(stale);
            }
        }
        String refusal = served.refusalOf(table);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        Set<RouteKey> keys = new HashSet<>();
        List<RouteEntry> upserts = new ArrayList<>();
        for (RouteEntry entry : table.routes()) {
            RouteKey key = RouteKey.of(entry);
            if (!keys.add(key)) {
                throw new IllegalArgumentException("routes: host " + entry.host() + " with path prefix "
                        + entry.pathPrefix() + " appears twice (expected: at most one route per host and prefix)");
            }
            if (!entry.equals(listings.entry(key))) {
                upserts.add(entry);
            }
        }
        List<RouteKey> removals = new ArrayList<>();
        for (RouteKey key : listings.entries.keySet()) {
            if (!keys.contains(key)) {
                removals.add(key);
            }
        }
        change(table.generation(), table.term(), table.store(), upserts, removals, table.certificates());
    }

    /** The generation, term and store served, without routes. */
    private RoutingTable lineage() {
        return new RoutingTable(current.generation(), term, store, List.of());
    }

    /**
     * Serves the table a delta makes of the one served, as {@link #apply(RoutingTable)} would serve it.
     *
     * <p>A delta follows the snapshot its stream began with, so it is of the store served.
     *
     * @throws StaleTermException if the delta is of an older term than the one followed; nothing changes
     * @throws IllegalStateException if the served generation is not the delta's base; nothing changes
     * @throws IllegalArgumentException if the change is inconsistent; nothing changes
     */
    public synchronized void apply(RoutingDelta delta) {
        requireNonNull(delta, "delta");
        String stale = lineage().termRefusal(delta.term());
        if (stale != null) {
            throw new StaleTermException(stale);
        }
        if (current.generation() != delta.base()) {
            throw new IllegalStateException("base: " + delta.base() + " (expected: " + current.generation()
                    + ", the generation this router serves); reconnecting for a snapshot");
        }
        change(delta.generation(), delta.term(), store, delta.upserts(), delta.removals(),
                delta.certificates() == null ? certificates : delta.certificates());
    }

    /** The identity of the store whose generations are served; empty before the first table or when unknown. */
    public synchronized String store() {
        return store;
    }

    /** The term of the leader this router follows; 0 before the first table or when unknown. */
    public synchronized long term() {
        return term;
    }

    private void change(long generation, long nextTerm, String nextStore, Collection<RouteEntry> upserts,
            Collection<RouteKey> removals, List<TlsCertificate> nextCertificates) {
        TableChange change = new TableChange(generation, current, listings, upserts, removals, draining, recorders);
        // Committing cannot fail: the change was checked and compiled above.
        Set<String> unlisted = new HashSet<>();
        Set<AppRevision> touched = new LinkedHashSet<>();
        List<RevisionRecorder> entered = new ArrayList<>();
        List<RevisionRecorder> left = new ArrayList<>();
        change.replaced.forEach((key, old) -> listings.remove(key, old, unlisted, touched, left, recorders));
        change.added.forEach((key, entry) -> listings.add(key, entry, touched, entered, change.recorders));
        for (AppRevision revision : touched) {
            groupForEjection(revision, change.resolved);
        }
        current = change.next;
        term = nextTerm;
        store = nextStore;
        certificates = nextCertificates;
        source = null;
        change.resolved.forEach((id, backend) -> {
            Backend old = listings.backends.get(id);
            if (old != null && old != backend) {
                old.retire();
            }
            listings.backends.put(id, backend);
            if (backend.retired()) {
                backend.revive();
            }
        });
        for (String id : unlisted) {
            if (listings.count(id) == 0) {
                Backend gone = listings.backends.get(id);
                if (gone != null && !change.resolved.containsKey(id)) {
                    gone.retire();
                    listings.backends.remove(id, gone);
                }
            }
        }
        recorders.publish(entered, left);
        draining.prune();
    }

    /** Makes the instances of a revision one group for the cap on ejections (the group may be empty). */
    private void groupForEjection(AppRevision revision, Map<String, Backend> resolved) {
        Set<Backend> members = new LinkedHashSet<>();
        for (RouteKey key : listings.routesOf(revision.app())) {
            TableChange.forEachEndpoint(listings.entry(key), (r, endpoint) -> {
                if (r.revision() == revision.revision()) {
                    Backend b = resolved.get(endpoint.instanceId());
                    members.add(b != null ? b : listings.backends.get(endpoint.instanceId()));
                }
            });
        }
        EjectionState[] states = new EjectionState[members.size()];
        int i = 0;
        for (Backend member : members) {
            states[i++] = member.ejection();
        }
        EjectionState.revision(states);
    }

    /**
     * Requests in flight per instance id: every instance of the served table (zeros included), and the
     * instances that left it and still have requests in flight.
     */
    public Map<String, Integer> inFlight() {
        Map<String, Integer> counts = new HashMap<>();
        for (Backend backend : listings.backends.values()) {
            counts.put(backend.instanceId(), backend.inFlight());
        }
        draining.addInFlight(counts);
        return Collections.unmodifiableMap(counts);
    }

    /** The ids of the served table's instances ejected at {@code now}, a {@code System.nanoTime()} reading. */
    public Set<String> ejected(long now) {
        Set<String> ids = new HashSet<>();
        for (Backend backend : listings.backends.values()) {
            if (backend.ejection().ejected(now)) {
                ids.add(backend.instanceId());
            }
        }
        return Collections.unmodifiableSet(ids);
    }

    /** The backend the served table has for an instance, or null. */
    @Nullable Backend backend(String instanceId) {
        return listings.backends.get(instanceId);
    }

    /**
     * What the served table lists, kept up to date change by change so that a change costs what it
     * touches: routes by key and by app, how many times each instance and revision is listed, and each
     * instance's backend. Written by the applying thread under the table's lock; {@link #backends} is
     * also read by reporting threads.
     */
    static final class Listings {

        private final Map<RouteKey, RouteEntry> entries = new HashMap<>();
        private final Map<String, Set<RouteKey>> routesByApp = new HashMap<>();
        private final Map<String, Integer> instanceListings = new HashMap<>();
        private final Map<AppRevision, Integer> revisionListings = new HashMap<>();
        private final Map<String, Backend> backends = new ConcurrentHashMap<>();

        /** The route served under a key, or null. */
        @Nullable RouteEntry entry(RouteKey key) {
            return entries.get(key);
        }

        /** The backend of an instance the served table lists, or null. */
        @Nullable Backend backend(String instanceId) {
            return backends.get(instanceId);
        }

        /** How many times the served table lists an instance (once per route and revision). */
        int count(String instanceId) {
            return instanceListings.getOrDefault(instanceId, 0);
        }

        Set<RouteKey> routesOf(String app) {
            return routesByApp.getOrDefault(app, Set.of());
        }

        private void add(RouteKey key, RouteEntry entry, Set<AppRevision> touched, List<RevisionRecorder> entered,
                Map<AppRevision, RevisionRecorder> recorders) {
            entries.put(key, entry);
            routesByApp.computeIfAbsent(entry.app(), a -> new HashSet<>()).add(key);
            TableChange.forEachEndpoint(entry, (r, endpoint) -> instanceListings.merge(endpoint.instanceId(), 1, Integer::sum));
            entry.revisions().forEach(r -> {
                AppRevision revision = new AppRevision(entry.app(), r.revision());
                touched.add(revision);
                if (revisionListings.merge(revision, 1, Integer::sum) == 1) {
                    entered.add(recorders.get(revision));
                }
            });
        }

        private void remove(RouteKey key, RouteEntry entry, Set<String> unlisted, Set<AppRevision> touched,
                List<RevisionRecorder> left, RevisionRecorders all) {
            entries.remove(key);
            Set<RouteKey> ofApp = routesByApp.get(entry.app());
            ofApp.remove(key);
            if (ofApp.isEmpty()) {
                routesByApp.remove(entry.app());
            }
            TableChange.forEachEndpoint(entry, (r, endpoint) -> {
                if (instanceListings.merge(endpoint.instanceId(), -1, Integer::sum) == 0) {
                    instanceListings.remove(endpoint.instanceId());
                }
                unlisted.add(endpoint.instanceId());
            });
            entry.revisions().forEach(r -> {
                AppRevision revision = new AppRevision(entry.app(), r.revision());
                touched.add(revision);
                if (revisionListings.merge(revision, -1, Integer::sum) == 0) {
                    revisionListings.remove(revision);
                    left.add(all.find(entry.app(), r.revision()));
                }
            });
        }
    }
}
