package io.cutover.router.table;

import io.cutover.core.routing.Endpoint;
import io.cutover.core.routing.RevisionBackends;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RouteKey;
import io.cutover.router.metrics.RevisionRecorder;
import io.cutover.router.metrics.RevisionRecorders;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One change of the served table, checked and compiled before anything changes: the routes it adds or
 * replaces, compiled with their backends (reused for instances that stay, so in-flight counts and health
 * carry over), and the next {@link RouteTable}, which shares every host the change left alone. Throws
 * {@link IllegalArgumentException} for an inconsistent change; {@link LiveTable} commits one that is not.
 *
 * <p>The work is proportional to the routes changed, not to the table.
 */
final class TableChange {

    private static final Comparator<Route> LONGEST_PREFIX_FIRST =
            Comparator.comparingInt((Route r) -> r.pathPrefix().length()).reversed();

    /** The routes added or replaced, by key. */
    final Map<RouteKey, RouteEntry> added = new LinkedHashMap<>();
    /** The routes served now that the change replaces or removes, by key. */
    final Map<RouteKey, RouteEntry> replaced = new HashMap<>();
    /** The backend of every instance the added routes list. */
    final Map<String, Backend> resolved = new HashMap<>();
    /** The recorder of every revision the added routes list. */
    final Map<AppRevision, RevisionRecorder> recorders = new HashMap<>();
    /** The table to serve. */
    final RouteTable next;

    private final LiveTable.Listings listings;
    private final Map<String, Integer> droppedListings = new HashMap<>();
    private final DrainingBackends draining;
    private final RevisionRecorders allRecorders;

    /**
     * @param served the table served now
     * @param upserts routes to add or replace, each key at most once
     * @param removals keys of routes to drop; unknown ones are ignored
     */
    TableChange(long generation, RouteTable served, LiveTable.Listings listings, Collection<RouteEntry> upserts,
            Collection<RouteKey> removals, DrainingBackends draining, RevisionRecorders allRecorders) {
        this.listings = listings;
        this.draining = draining;
        this.allRecorders = allRecorders;
        for (RouteKey key : removals) {
            RouteEntry old = listings.entry(key);
            if (old != null) {
                replaced.put(key, old);
            }
        }
        for (RouteEntry entry : upserts) {
            RouteKey key = RouteKey.of(entry);
            checkHost(entry.host());
            if (added.put(key, entry) != null) {
                throw new IllegalArgumentException("routes: host " + entry.host() + " with path prefix "
                        + entry.pathPrefix() + " appears twice (expected: at most one route per host and prefix)");
            }
            RouteEntry old = listings.entry(key);
            if (old != null) {
                replaced.put(key, old);
            }
        }
        for (RouteEntry old : replaced.values()) {
            forEachEndpoint(old, (revision, endpoint) -> droppedListings.merge(endpoint.instanceId(), 1, Integer::sum));
        }
        Map<String, List<Route>> exact = new HashMap<>();
        Map<String, List<Route>> wildcard = new HashMap<>();
        for (RouteKey key : replaced.keySet()) {
            hostRoutes(key.host(), served, exact, wildcard);
        }
        for (RouteEntry entry : added.values()) {
            hostRoutes(entry.host(), served, exact, wildcard).add(compile(entry));
        }
        this.next = new RouteTable(generation, served.exactHosts().with(sorted(exact)),
                served.wildcardSuffixes().with(sorted(wildcard)));
    }

    /**
     * The routes a host will have, starting from those served minus the ones this change replaces or
     * removes; the list is created on first use.
     */
    private List<Route> hostRoutes(String host, RouteTable served, Map<String, List<Route>> exact,
            Map<String, List<Route>> wildcard) {
        boolean isWildcard = host.startsWith("*.");
        String key = isWildcard ? host.substring(1) : host;
        Map<String, List<Route>> target = isWildcard ? wildcard : exact;
        List<Route> routes = target.get(key);
        if (routes == null) {
            routes = new ArrayList<>();
            Route[] current = (isWildcard ? served.wildcardSuffixes() : served.exactHosts()).get(key);
            if (current != null) {
                for (Route route : current) {
                    RouteKey routeKey = new RouteKey(host, route.pathPrefix());
                    if (!replaced.containsKey(routeKey) && !added.containsKey(routeKey)) {
                        routes.add(route);
                    }
                }
            }
            target.put(key, routes);
        }
        return routes;
    }

    private Route compile(RouteEntry entry) {
        List<Backend[]> endpoints = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        List<Backend[]> canary = new ArrayList<>();
        List<Backend[]> others = new ArrayList<>();
        List<Integer> otherWeights = new ArrayList<>();
        boolean hasCanary = false;
        for (RevisionBackends revision : entry.revisions()) {
            AppRevision appRevision = new AppRevision(entry.app(), revision.revision());
            RevisionRecorder recorder = recorders.computeIfAbsent(appRevision,
                    k -> allRecorders.find(k.app(), k.revision()));
            Backend[] revisionBackends = new Backend[revision.endpoints().size()];
            for (int i = 0; i < revisionBackends.length; i++) {
                revisionBackends[i] = backendFor(revision.endpoints().get(i), recorder);
            }
            if (revision.weight() > 0 && revisionBackends.length > 0) {
                endpoints.add(revisionBackends);
                weights.add(revision.weight());
            }
            // The header picks a side whatever its weight now: a canary at 0% can be tried before users see it.
            hasCanary |= revision.canary();
            if (revisionBackends.length > 0) {
                (revision.canary() ? canary : others).add(revisionBackends);
                if (!revision.canary()) {
                    otherWeights.add(Math.max(1, revision.weight()));
                }
            }
        }
        Route canaryOnly = null;
        Route withoutCanary = null;
        HttpsRule https = HttpsRule.of(entry.https());
        if (hasCanary) {
            // The header's routes are the same route for HTTPS: HSTS reaches the client whichever side answered.
            canaryOnly = new Route(entry.app(), entry.pathPrefix(), canary.toArray(Backend[][]::new),
                    canary.isEmpty() ? new int[0] : new int[] {100}, false, null, null, 0, null, https);
            withoutCanary = new Route(entry.app(), entry.pathPrefix(), others.toArray(Backend[][]::new),
                    otherWeights.stream().mapToInt(Integer::intValue).toArray(), false, null, null, 0, null, https);
        }
        return new Route(entry.app(), entry.pathPrefix(), endpoints.toArray(Backend[][]::new),
                weights.stream().mapToInt(Integer::intValue).toArray(), entry.sticky(), canaryOnly, withoutCanary,
                entry.mirror(), entry.maintenance() == null ? null : new MaintenanceReply(entry.app(), entry.maintenance()), https);
    }

    /**
     * The backend of an instance: the one already resolved in this change, else the one served (or still
     * draining) at that address for that revision, else a new one. An instance that other routes keep
     * listing must keep its address and revision.
     */
    private Backend backendFor(Endpoint endpoint, RevisionRecorder recorder) {
        String id = endpoint.instanceId();
        Backend known = resolved.get(id);
        boolean listedElsewhere = known != null;
        if (known == null) {
            known = listings.backend(id);
            listedElsewhere = known != null && listings.count(id) > droppedListings.getOrDefault(id, 0);
        }
        if (known != null && listedElsewhere) {
            if (!known.at(endpoint.host(), endpoint.port())) {
                throw new IllegalArgumentException("instance " + id + ": address " + endpoint.host() + ":"
                        + endpoint.port() + " (expected: " + known.address() + ", as given elsewhere in the table)");
            }
            if (known.recorder() != recorder) {
                throw new IllegalArgumentException("instance " + id + ": revision " + recorder + " (expected: "
                        + known.recorder() + ", as given elsewhere in the table)");
            }
        }
        Backend backend = known;
        if (backend == null || !backend.at(endpoint.host(), endpoint.port()) || backend.recorder() != recorder) {
            backend = draining.find(id, endpoint.host(), endpoint.port(), recorder);
        }
        if (backend == null) {
            backend = new Backend(id, new InetSocketAddress(endpoint.host(), endpoint.port()), endpoint.identity(),
                    endpoint.protocol(), recorder, draining);
        }
        resolved.put(id, backend);
        return backend;
    }

    /** Calls {@code action} for every endpoint of every revision of a route. */
    static void forEachEndpoint(RouteEntry entry, BiConsumer<RevisionBackends, Endpoint> action) {
        for (RevisionBackends revision : entry.revisions()) {
            for (Endpoint endpoint : revision.endpoints()) {
                action.accept(revision, endpoint);
            }
        }
    }

    private static String checkHost(String host) {
        int star = host.lastIndexOf('*');
        boolean wildcardOk = star < 0 || (star == 0 && host.startsWith("*.") && host.length() > 2);
        if (host.isEmpty() || !wildcardOk) {
            throw new IllegalArgumentException(
                    "routes: host \"" + host + "\" (expected: a hostname, or *.suffix for a wildcard)");
        }
        return host;
    }

    private static Map<String, Route[]> sorted(Map<String, List<Route>> byHost) {
        Map<String, Route[]> result = new HashMap<>();
        byHost.forEach((host, routes) -> {
            routes.sort(LONGEST_PREFIX_FIRST);
            result.put(host, routes.toArray(Route[]::new));
        });
        return result;
    }
}
