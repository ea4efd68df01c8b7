package io.cutover.router.table;

import io.cutover.core.routing.RoutingTable;
import io.cutover.router.metrics.RevisionRecorder;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One generation of the route table, compiled for lookups: hash maps from host to routes, routes sorted
 * by path prefix, longest first. Immutable; built by {@link LiveTable#apply}.
 */
public final class RouteTable {

    static final RouteTable EMPTY = new RouteTable(RoutingTable.EMPTY, Map.of(), Map.of(), Map.of(), List.of(), List.of());

    private final RoutingTable source;
    private final Map<String, Route[]> exactHosts;
    private final Map<String, Route[]> wildcardSuffixes;
    private final Map<String, Backend> backends;
    private final List<Backend[]> revisions;
    private final List<RevisionRecorder> recorders;

    RouteTable(
            RoutingTable source,
            Map<String, Route[]> exactHosts,
            Map<String, Route[]> wildcardSuffixes,
            Map<String, Backend> backends,
            List<Backend[]> revisions,
            List<RevisionRecorder> recorders) {
        this.source = source;
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
        this.backends = backends;
        this.revisions = revisions;
        this.recorders = recorders;
    }

    /** The generation this table was compiled from. */
    public long generation() {
        return source.generation();
    }

    /** The routing table this one was compiled from. */
    public RoutingTable source() {
        return source;
    }

    /**
     * The route for a request.
     *
     * <p>An exact host match comes first, then wildcards from the most specific suffix
     * ({@code *.b.example.com} before {@code *.example.com}); among a host's routes the longest path
     * prefix that matches wins, where a prefix matches whole path segments only ({@code /api} matches
     * {@code /api} and {@code /api/x}, not {@code /apix}).
     *
     * @param host the normalized host, see {@link HostName#normalize}
     * @param uri the request target as received
     * @return the route, or null when none matches
     */
    public @Nullable Route find(String host, String uri) {
        int pathStart = pathStart(uri);
        Route[] routes = exactHosts.get(host);
        if (routes != null) {
            Route route = longestPrefix(routes, uri, pathStart);
            if (route != null) {
                return route;
            }
        }
        if (wildcardSuffixes.isEmpty()) {
            return null;
        }
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            routes = wildcardSuffixes.get(host.substring(dot));
            if (routes != null) {
                Route route = longestPrefix(routes, uri, pathStart);
                if (route != null) {
                    return route;
                }
            }
        }
        return null;
    }

    /** Every instance of this table by id, weight 0 revisions included. */
    Map<String, Backend> backends() {
        return backends;
    }

    /** The instances of each app revision, weight 0 revisions included. Do not modify the arrays. */
    List<Backend[]> revisions() {
        return revisions;
    }

    /** The recorders of the app revisions this table lists. */
    List<RevisionRecorder> recorders() {
        return recorders;
    }

    private static @Nullable Route longestPrefix(Route[] routes, String uri, int pathStart) {
        for (Route route : routes) {
            if (route.matches(uri, pathStart)) {
                return route;
            }
        }
        return null;
    }

    private static int pathStart(String uri) {
        if (!uri.isEmpty() && uri.charAt(0) == '/') {
            return 0;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return uri.length();
        }
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? uri.length() : slash;
    }
}
