package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What identifies a route in a table: at most one route per host and path prefix.
 *
 * @param host the hostname, kept in lower case
 * @param pathPrefix the path prefix
 */
public record RouteKey(String host, String pathPrefix) {

    public RouteKey {
        host = requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        requireNonNull(pathPrefix, "pathPrefix");
    }

    /** The key of a route. */
    public static RouteKey of(RouteEntry route) {
        return new RouteKey(route.host(), route.pathPrefix());
    }
}
