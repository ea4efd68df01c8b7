package io.cutover.router.table;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;

/**
 * One compiled route: the app behind a host and path prefix, and the revisions that take its traffic.
 *
 * <p>Only revisions with a positive weight and at least one endpoint are kept, so every revision here can
 * take requests. Immutable; the balancer reads it without locks.
 */
public final class Route {

    private final String app;
    private final String pathPrefix;
    private final boolean prefixEndsWithSlash;
    private final Backend[][] endpoints;
    private final int[] cumulativeWeights;
    private final byte[] noInstanceMessage;
    private final @Nullable Route canaryOnly;
    private final @Nullable Route withoutCanary;

    Route(String app, String pathPrefix, Backend[][] endpoints, int[] weights) {
        this(app, pathPrefix, endpoints, weights, null, null);
    }

    /**
     * @param canaryOnly where {@code X-Cutover-Canary: always} goes (the canary revision alone); null when
     *     the route has no canary
     * @param withoutCanary where {@code X-Cutover-Canary: never} goes (every other revision)
     */
    Route(String app, String pathPrefix, Backend[][] endpoints, int[] weights, @Nullable Route canaryOnly,
            @Nullable Route withoutCanary) {
        this.canaryOnly = canaryOnly;
        this.withoutCanary = withoutCanary;
        this.app = app;
        this.pathPrefix = pathPrefix;
        this.prefixEndsWithSlash = pathPrefix.endsWith("/");
        this.endpoints = endpoints;
        this.cumulativeWeights = new int[weights.length];
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulativeWeights[i] = sum;
        }
        this.noInstanceMessage = ("app \"" + app + "\" has no routable instance\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The route a request with {@code X-Cutover-Canary} takes: {@code always} the canary revision alone,
     * {@code never} every revision but the canary (case-insensitive); this route for any other value, or
     * when the route has no canary.
     */
    public Route forCanaryHeader(String value) {
        if (canaryOnly == null) {
            return this;
        }
        if (value.equalsIgnoreCase("always")) {
            return canaryOnly;
        }
        return value.equalsIgnoreCase("never") ? withoutCanary : this;
    }

    /** Whether a revision of this route is an active canary, so {@code X-Cutover-Canary} matters. */
    public boolean hasCanary() {
        return canaryOnly != null;
    }

    /** The app that owns the route. */
    public String app() {
        return app;
    }

    /** The path prefix the route answers. */
    public String pathPrefix() {
        return pathPrefix;
    }

    /** Whether any revision can take requests. */
    public boolean routable() {
        return endpoints.length > 0;
    }

    /** The number of revisions that can take requests. */
    public int revisionCount() {
        return endpoints.length;
    }

    /** The sum of the weights of the revisions that can take requests. */
    public int totalWeight() {
        return endpoints.length == 0 ? 0 : cumulativeWeights[endpoints.length - 1];
    }

    /**
     * The revision a ticket falls on.
     *
     * @param ticket a number in {@code 0 .. totalWeight() - 1}
     * @return the index of the revision whose share of the weights holds the ticket
     */
    public int revisionFor(int ticket) {
        int[] bounds = cumulativeWeights;
        for (int i = 0; i < bounds.length; i++) {
            if (ticket < bounds[i]) {
                return i;
            }
        }
        return bounds.length - 1;
    }

    /** The number of endpoints of a revision. */
    public int endpointCount(int revision) {
        return endpoints[revision].length;
    }

    /** One endpoint of a revision. */
    public Backend endpoint(int revision, int index) {
        return endpoints[revision][index];
    }

    /** The body of the 503 answer for this route, made once per table. Do not modify. */
    public byte[] noInstanceMessage() {
        return noInstanceMessage;
    }

    /** Whether the request target (origin-form path or absolute-form URI) falls under the prefix. */
    boolean matches(String uri, int pathStart) {
        String prefix = pathPrefix;
        if (prefix.length() == 1) {
            return true;
        }
        if (!uri.startsWith(prefix, pathStart)) {
            return false;
        }
        int next = pathStart + prefix.length();
        if (prefixEndsWithSlash || next == uri.length()) {
            return true;
        }
        char c = uri.charAt(next);
        return c == '/' || c == '?' || c == '#';
    }
}
