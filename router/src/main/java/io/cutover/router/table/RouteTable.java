package io.cutover.router.table;

import org.jspecify.annotations.Nullable;

/**
 * One generation of the route table, compiled for lookups: host to routes, routes sorted by path
 * prefix, longest first. Immutable; built by {@link LiveTable#apply}, which shares every part a change
 * left alone with the generation before.
 */
public final class RouteTable {

    static final RouteTable EMPTY = new RouteTable(0, HostIndex.EMPTY, HostIndex.EMPTY);

    private final long generation;
    private final HostIndex exactHosts;
    private final HostIndex wildcardSuffixes;

    RouteTable(long generation, HostIndex exactHosts, HostIndex wildcardSuffixes) {
        this.generation = generation;
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
    }

    /** The generation this table was compiled from. */
    public long generation() {
        return generation;
    }

    /** Exact hosts to their routes. */
    HostIndex exactHosts() {
        return exactHosts;
    }

    /** Wildcard suffixes ({@code .example.com} for {@code *.example.com}) to their routes. */
    HostIndex wildcardSuffixes() {
        return wildcardSuffixes;
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
