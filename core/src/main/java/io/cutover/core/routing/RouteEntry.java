package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A hostname (optionally with a path prefix) mapped to an app, with the app's revisions that take its
 * traffic.
 *
 * @param host lower-case hostname, exact ({@code hello.localhost}) or wildcard ({@code *.example.com})
 * @param pathPrefix the path prefix this route answers, {@code /} for all paths
 * @param app the app that owns the route
 * @param sticky whether routers keep each client on the revision it first got (a cookie), during a
 *     canary with {@code stickySessions}. Default false
 * @param revisions the revisions that share the traffic, each with a weight; may be empty (then the
 *     router answers 503: the app has no routable instance)
 * @param mirror the share, 0..100, of idempotent requests without a body served by a revision that is not
 *     the canary that routers also send to the canary revision, its response discarded. Default 0
 * @param maintenance the route is in maintenance: routers answer every request on it themselves; null
 *     when it serves the app
 * @param https what routers do about HTTPS on the route (redirect, HSTS); null for nothing
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record RouteEntry(String host, String pathPrefix, String app, List<RevisionBackends> revisions, Boolean sticky,
        Integer mirror, @org.jspecify.annotations.Nullable Maintenance maintenance,
        @org.jspecify.annotations.Nullable HttpsPolicy https) {

    public RouteEntry {
        host = requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        requireNonNull(pathPrefix, "pathPrefix");
        if (!pathPrefix.startsWith("/")) {
            throw new IllegalArgumentException("pathPrefix: " + pathPrefix + " (expected: starts with /)");
        }
        requireNonNull(app, "app");
        revisions = List.copyOf(requireNonNull(revisions, "revisions"));
        sticky = sticky != null && sticky;
        mirror = mirror == null ? 0 : mirror;
        if (mirror < 0 || mirror > 100) {
            throw new IllegalArgumentException("mirror: " + mirror + " (expected: 0..100)");
        }
        if (https != null && !https.active()) {
            https = null;
        }
    }

    /** A route without sticky sessions, mirroring or maintenance. */
    public RouteEntry(String host, String pathPrefix, String app, List<RevisionBackends> revisions) {
        this(host, pathPrefix, app, revisions, false, 0, null, null);
    }

    /** This route in maintenance, or serving its app again when {@code maintenance} is null. */
    public RouteEntry withMaintenance(@org.jspecify.annotations.Nullable Maintenance maintenance) {
        return new RouteEntry(host, pathPrefix, app, revisions, sticky, mirror, maintenance, https);
    }

    /** A route for all paths of {@code host}. */
    public static RouteEntry of(String host, String app, List<RevisionBackends> revisions) {
        return new RouteEntry(host, "/", app, revisions);
    }
}
