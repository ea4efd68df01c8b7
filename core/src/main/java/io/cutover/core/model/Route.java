package io.cutover.core.model;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * A hostname (optionally with a path prefix) mapped to an app.
 *
 * @param host the fully qualified, lower-case hostname ({@code hello.localhost}, {@code *.example.com})
 * @param pathPrefix the path prefix, {@code /} for every path
 * @param app the app that owns the route
 * @param source where the route comes from: the app's manifest, or a {@code map-route} call
 */
public record Route(String host, String pathPrefix, String app, Source source) {

    /** The domain a host without a dot is placed in: {@code hello} means {@code hello.localhost}. */
    public static final String DEFAULT_DOMAIN = "localhost";

    /** Where a route was declared. */
    public enum Source { MANIFEST, API }

    public Route {
        host = requireNonNull(host, "host").toLowerCase(Locale.ROOT);
        requireNonNull(pathPrefix, "pathPrefix");
        requireNonNull(app, "app");
        requireNonNull(source, "source");
    }

    /**
     * Parses {@code host[/path]} as written in a manifest or on the command line; a host without a dot
     * gets {@code domain}.
     */
    public static Route parse(String text, String app, Source source, String domain) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        int slash = value.indexOf('/');
        String host = slash < 0 ? value : value.substring(0, slash);
        String path = slash < 0 ? "/" : value.substring(slash);
        if (!host.contains(".")) {
            host = host + "." + domain;
        }
        return new Route(host, path, app, source);
    }

    /** {@code host} or {@code host/path}, the way a user writes it. */
    public String address() {
        return "/".equals(pathPrefix) ? host : host + pathPrefix;
    }
}
