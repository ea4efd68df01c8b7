package io.cutover.router.table;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

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
    /** {@code cutover-APP}, the sticky-session cookie; null when the route is not sticky. */
    private final @Nullable String cookieName;
    /** Per revision, the {@code Set-Cookie} value that pins a client to it; empty when not sticky. */
    private final String[] setCookies;
    /** The share, 0..100, of idempotent requests also copied to the canary ({@code canaryOnly}). */
    private final int mirrorPercent;
    /** The router's own answer while the route is in maintenance; null when it serves the app. */
    private final @Nullable MaintenanceReply maintenance;
    /** What the route does about HTTPS (redirect, HSTS); null for nothing. */
    private final @Nullable HttpsRule https;

    Route(String app, String pathPrefix, Backend[][] endpoints, int[] weights) {
        this(app, pathPrefix, endpoints, weights, false, null, null, 0, null, null);
    }

    /**
     * @param sticky whether a cookie keeps each client on the revision it first got
     * @param canaryOnly where {@code X-Cutover-Canary: always} goes (the canary revision alone); null when
     *     the route has no canary
     * @param withoutCanary where {@code X-Cutover-Canary: never} goes (every other revision)
     * @param mirrorPercent the share of idempotent requests served by other revisions also sent to the
     *     canary, 0..100; 0 when the route has no canary
     * @param maintenance the answer while the route is in maintenance, or null
     * @param https what the route does about HTTPS, or null for nothing
     */
    Route(String app, String pathPrefix, Backend[][] endpoints, int[] weights, boolean sticky,
            @Nullable Route canaryOnly, @Nullable Route withoutCanary, int mirrorPercent, @Nullable MaintenanceReply maintenance,
            @Nullable HttpsRule https) {
        this.canaryOnly = canaryOnly;
        this.https = https;
        this.maintenance = maintenance;
        this.mirrorPercent = canaryOnly != null && canaryOnly.routable() ? mirrorPercent : 0;
        this.withoutCanary = withoutCanary;
        this.cookieName = sticky ? "cutover-" + app : null;
        this.setCookies = new String[sticky ? endpoints.length : 0];
        for (int i = 0; i < setCookies.length; i++) {
            setCookies[i] = cookieName + "=" + revision(endpoints[i]) + "; Path=/; HttpOnly; SameSite=Lax";
        }
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

    /**
     * The route to the canary revision alone ({@code X-Cutover-Preview: true} on a blue-green deployment's
     * green before the switch); this route when it has no canary.
     */
    public Route canaryOnly() {
        return canaryOnly != null ? canaryOnly : this;
    }

    /** Whether a cookie keeps each client on the revision it first got (a canary with {@code stickySessions}). */
    public boolean sticky() {
        return cookieName != null;
    }

    /**
     * The revision (index, as {@link #endpoint} takes it) a request's {@code Cookie} header pins it to, or
     * -1 when it names none of this route's revisions (no cookie, or a revision that went away).
     */
    public int pinnedRevision(@Nullable String cookieHeader) {
        String name = cookieName;
        if (name == null || cookieHeader == null) {
            return -1;
        }
        int at = -1;
        while ((at = cookieHeader.indexOf(name, at + 1)) >= 0) {
            int value = at + name.length();
            boolean starts = at == 0 || cookieHeader.charAt(at - 1) == ' ' || cookieHeader.charAt(at - 1) == ';';
            if (starts && value < cookieHeader.length() && cookieHeader.charAt(value) == '=') {
                int number = 0;
                int i = value + 1;
                for (; i < cookieHeader.length() && Character.isDigit(cookieHeader.charAt(i)) && number < 100_000_000; i++) {
                    number = number * 10 + (cookieHeader.charAt(i) - '0');
                }
                return i == value + 1 ? -1 : indexOfRevision(number);
            }
        }
        return -1;
    }

    /** The {@code Set-Cookie} value that pins a client to the revision of {@code backend}; null if not sticky. */
    public @Nullable String pinCookie(Backend backend) {
        int index = indexOfRevision(backend.recorder().revision());
        return index < 0 || setCookies.length == 0 ? null : setCookies[index];
    }

    /** The revision number of the revision at {@code index}. */
    public int revisionNumber(int index) {
        return revision(endpoints[index]);
    }

    private int indexOfRevision(int number) {
        for (int i = 0; i < endpoints.length; i++) {
            if (revision(endpoints[i]) == number) {
                return i;
            }
        }
        return -1;
    }

    private static int revision(Backend[] group) {
        return group[0].recorder().revision();
    }

    /** The router's own answer while the route is in maintenance; null when it serves the app. */
    public @Nullable MaintenanceReply maintenance() {
        return maintenance;
    }

    /** What the route does about HTTPS (redirect, HSTS); null for nothing. */
    public @Nullable HttpsRule https() {
        return https;
    }

    /** The share, 0..100, of idempotent requests served by other revisions that are copied to the canary. */
    public int mirrorPercent() {
        return mirrorPercent;
    }

    /**
     * Where mirrored copies go: the canary revision alone. Only meaningful when {@link #mirrorPercent} is
     * positive.
     */
    public Route mirrorTarget() {
        Route target = canaryOnly;
        if (target == null) {
            throw new IllegalStateException("route of " + app + " has no canary to mirror to");
        }
        return target;
    }

    /** Whether {@code backend} belongs to the canary revision (so a request it serves is not mirrored). */
    public boolean isCanary(Backend backend) {
        Route target = canaryOnly;
        return target != null && target.routable() && revision(target.endpoints[0]) == backend.recorder().revision();
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
