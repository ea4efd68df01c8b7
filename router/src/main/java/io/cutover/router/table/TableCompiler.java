package io.cutover.router.table;

import io.cutover.core.routing.Endpoint;
import io.cutover.core.routing.RevisionBackends;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingTable;
import io.cutover.router.metrics.RevisionRecorder;
import io.cutover.router.metrics.RevisionRecorders;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a routing table and compiles it into a {@link RouteTable}, reusing the backend objects of
 * instances that stay so their in-flight counts and health carry over, grouping instances by app
 * revision, and giving each revision its recorder. Throws before changing anything.
 */
final class TableCompiler {

    private static final Comparator<Route> LONGEST_PREFIX_FIRST =
            Comparator.comparingInt((Route r) -> r.pathPrefix().length()).reversed();

    private final Map<String, Backend> previous;
    private final DrainingBackends draining;
    private final RevisionRecorders recorders;
    private final Map<String, Backend> backends = new HashMap<>();
    private final Map<AppRevision, Set<Backend>> revisions = new LinkedHashMap<>();
    private final Map<AppRevision, RevisionRecorder> revisionRecorders = new HashMap<>();

    private TableCompiler(Map<String, Backend> previous, DrainingBackends draining, RevisionRecorders recorders) {
        this.previous = previous;
        this.draining = draining;
        this.recorders = recorders;
    }

    static RouteTable compile(RoutingTable table, Map<String, Backend> previous, DrainingBackends draining,
            RevisionRecorders recorders) {
        return new TableCompiler(previous, draining, recorders).compile(table);
    }

    private RouteTable compile(RoutingTable table) {
        Map<String, List<Route>> exact = new HashMap<>();
        Map<String, List<Route>> wildcard = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (RouteEntry entry : table.routes()) {
            String host = checkHost(entry.host());
            if (!seen.add(host + " " + entry.pathPrefix())) {
                throw new IllegalArgumentException("routes: host " + host + " with path prefix "
                        + entry.pathPrefix() + " appears twice (expected: at most one route per host and prefix)");
            }
            Route route = compileRoute(entry);
            if (host.startsWith("*.")) {
                wildcard.computeIfAbsent(host.substring(1), h -> new ArrayList<>()).add(route);
            } else {
                exact.computeIfAbsent(host, h -> new ArrayList<>()).add(route);
            }
        }
        List<Backend[]> groups = new ArrayList<>();
        revisions.values().forEach(members -> groups.add(members.toArray(Backend[]::new)));
        return new RouteTable(table, sorted(exact), sorted(wildcard), Map.copyOf(backends),
                List.copyOf(groups), List.copyOf(revisionRecorders.values()));
    }

    private Route compileRoute(RouteEntry entry) {
        List<Backend[]> endpoints = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (RevisionBackends revision : entry.revisions()) {
            Backend[] revisionBackends = new Backend[revision.endpoints().size()];
            AppRevision appRevision = new AppRevision(entry.app(), revision.revision());
            Set<Backend> members = revisions.computeIfAbsent(appRevision, k -> new LinkedHashSet<>());
            RevisionRecorder recorder = revisionRecorders.computeIfAbsent(
                    appRevision, k -> recorders.find(k.app(), k.revision()));
            for (int i = 0; i < revisionBackends.length; i++) {
                revisionBackends[i] = backendFor(revision.endpoints().get(i), recorder);
                members.add(revisionBackends[i]);
            }
            if (revision.weight() > 0 && revisionBackends.length > 0) {
                endpoints.add(revisionBackends);
                weights.add(revision.weight());
            }
        }
        int[] weightArray = weights.stream().mapToInt(Integer::intValue).toArray();
        return new Route(entry.app(), entry.pathPrefix(), endpoints.toArray(Backend[][]::new), weightArray);
    }

    private Backend backendFor(Endpoint endpoint, RevisionRecorder recorder) {
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        Backend known = backends.get(endpoint.instanceId());
        if (known != null) {
            if (!known.address().equals(address)) {
                throw new IllegalArgumentException("instance " + endpoint.instanceId() + ": address "
                        + endpoint.host() + ":" + endpoint.port() + " (expected: " + known.address()
                        + ", as given elsewhere in the table)");
            }
            if (known.recorder() != recorder) {
                throw new IllegalArgumentException("instance " + endpoint.instanceId() + ": revision "
                        + recorder + " (expected: " + known.recorder() + ", as given elsewhere in the table)");
            }
            return known;
        }
        Backend backend = previous.get(endpoint.instanceId());
        if (backend == null || !backend.address().equals(address)) {
            backend = draining.find(endpoint.instanceId(), address);
        }
        if (backend == null || backend.recorder() != recorder) {
            backend = new Backend(endpoint.instanceId(), address, recorder, draining);
        }
        backends.put(endpoint.instanceId(), backend);
        return backend;
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

    /** A revision of an app; its instances may be listed by several routes. */
    private record AppRevision(String app, int revision) {
    }
}
