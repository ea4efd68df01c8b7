package io.cutover.router.link;

import static java.util.Objects.requireNonNull;

import io.cutover.router.Router;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a {@link ControllerLink}, from {@link ControllerLink#builder}; every one has a default.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>stateDirectory</td><td>none</td><td>where the last applied table is saved
 *       ({@code table.json}) and read back on start; none: nothing is saved</td></tr>
 *   <tr><td>heartbeatInterval</td><td>1 s</td><td>between heartbeats while the stream is open</td></tr>
 *   <tr><td>reconnectBackoff</td><td>100 ms, 5 s</td><td>the first wait before reconnecting, and the
 *       most; each failure in a row doubles it, jittered between half and all of it</td></tr>
 *   <tr><td>streamIdleTimeout</td><td>15 s</td><td>a stream silent this long counts as broken</td></tr>
 *   <tr><td>tls</td><td>the JDK's trust store</td><td>for an https controller: what to trust (see
 *       {@code io.cutover.core.tls.PemTrust})</td></tr>
 *   <tr><td>rejectHost</td><td>none</td><td>test hook: every table with a route for this host is
 *       refused (NACKed) with an error that says so</td></tr>
 * </table>
 */
public final class ControllerLinkBuilder {

    final Router router;
    /** Every controller of the store, the first one given first. */
    List<URI> controllers;
    final String routerId;
    final String address;
    @Nullable Path stateDirectory;
    Duration heartbeatInterval = Duration.ofSeconds(1);
    Duration reconnectInitial = Duration.ofMillis(100);
    Duration reconnectMax = Duration.ofSeconds(5);
    Duration streamIdleTimeout = Duration.ofSeconds(15);
    @Nullable String rejectHost;
    @Nullable String token;
    @Nullable SSLContext tls;

    ControllerLinkBuilder(Router router, URI controller, String routerId, String address) {
        this.router = requireNonNull(router, "router");
        this.controllers = List.of(requireNonNull(controller, "controller"));
        this.routerId = requireNonNull(routerId, "routerId");
        this.address = requireNonNull(address, "address");
    }

    /**
     * Every controller of the store, the one given first: the link follows the leader among them, and moves
     * on to the next when one is down or has no leader (docs/ha.md).
     */
    public ControllerLinkBuilder controllers(List<URI> all) {
        this.controllers = List.copyOf(all);
        return this;
    }

    /** Where the last applied table is saved and read back on start; null for nowhere. */
    public ControllerLinkBuilder stateDirectory(@Nullable Path stateDirectory) {
        this.stateDirectory = stateDirectory;
        return this;
    }

    /** The time between heartbeats. */
    public ControllerLinkBuilder heartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = requireNonNull(heartbeatInterval, "heartbeatInterval");
        return this;
    }

    /** The first wait before reconnecting, and the longest. */
    public ControllerLinkBuilder reconnectBackoff(Duration initial, Duration max) {
        this.reconnectInitial = requireNonNull(initial, "initial");
        this.reconnectMax = requireNonNull(max, "max");
        return this;
    }

    /** How long a silent stream is trusted. */
    public ControllerLinkBuilder streamIdleTimeout(Duration streamIdleTimeout) {
        this.streamIdleTimeout = requireNonNull(streamIdleTimeout, "streamIdleTimeout");
        return this;
    }

    /** For an https controller, the certificates to trust; null for the JDK's trust store. */
    public ControllerLinkBuilder tls(@Nullable SSLContext tls) {
        this.tls = tls;
        return this;
    }

    /**
     * The router token ({@code cutover tokens create NAME --role router}) sent with every call as {@code
     * Authorization: Bearer …}; null for none (a controller running with {@code --auth none}).
     */
    public ControllerLinkBuilder token(@Nullable String token) {
        this.token = token == null || token.isBlank() ? null : token.strip();
        return this;
    }

    /**
     * Test hook: refuse every table that has a route for {@code host} (case-insensitive), as a router
     * would refuse a table it cannot serve; null for none. {@code cutover router} sets it from the
     * environment variable {@code CUTOVER_ROUTER_REJECT_HOST}.
     */
    public ControllerLinkBuilder rejectHost(@Nullable String host) {
        this.rejectHost = host == null || host.isBlank() ? null : host.strip().toLowerCase(Locale.ROOT);
        return this;
    }

    /**
     * Serves the saved table, if there is one, and starts following the controller in the background.
     *
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public ControllerLink start() {
        check(!controllers.isEmpty(), "controllers", controllers, "at least one URL");
        for (URI one : controllers) {
            String scheme = one.getScheme();
            check(("http".equals(scheme) || "https".equals(scheme)) && one.getHost() != null,
                    "controller", one, "an http:// or https:// URL with a host");
        }
        check(!routerId.isBlank(), "routerId", "\"" + routerId + "\"", "not blank");
        check(address.lastIndexOf(':') > 0, "address", address, "HOST:PORT");
        checkPositive(heartbeatInterval, "heartbeatInterval");
        checkPositive(reconnectInitial, "reconnectBackoff.initial");
        check(reconnectMax.compareTo(reconnectInitial) >= 0, "reconnectBackoff.max", reconnectMax,
                ">= the initial wait, " + reconnectInitial);
        checkPositive(streamIdleTimeout, "streamIdleTimeout");
        ControllerLink link = new ControllerLink(this);
        link.start();
        return link;
    }

    private static void checkPositive(Duration value, String field) {
        check(value.toMillis() > 0, field, value, "at least 1 ms");
    }

    private static void check(boolean ok, String field, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: " + expected + ")");
        }
    }
}
