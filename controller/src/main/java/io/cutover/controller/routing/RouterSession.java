package io.cutover.controller.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.routing.RoutingTable;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One router as the controller sees it: how to send it tables, and what it reported back. The embedded
 * router and the remote ones differ only in how a table travels.
 *
 * <p>State is written by the hub under its lock; the fields are volatile so views read them freely.
 */
abstract class RouterSession {

    final String id;
    final boolean embedded;
    volatile String address;
    /** Highest generation the router acknowledged, 0 before its first. */
    volatile long acked;
    /** The generation of the snapshot it got on connecting; it counts once it acknowledged that. */
    volatile long joinGeneration;
    volatile boolean live;
    volatile boolean connected = true;
    volatile Instant lastHeartbeat;
    volatile @Nullable String error;
    volatile Map<String, Integer> inFlight = Map.of();
    /** Whether it sent a heartbeat since it connected: until then its in-flight counts are unknown. */
    volatile boolean reported;
    volatile @Nullable JsonNode revisions;
    /** The certificates its TLS listener serves, as its last heartbeat listed them. */
    volatile @Nullable JsonNode certificates;
    /** The name of the token the router connected with; null for the embedded router (or with auth off). */
    final @Nullable String token;

    RouterSession(String id, boolean embedded, String address, Instant now, @Nullable String token) {
        this.id = id;
        this.embedded = embedded;
        this.token = token;
        this.address = address;
        this.lastHeartbeat = now;
    }

    /**
     * Sends the next generation: the delta when the router serves its base, else the whole table. Never
     * blocks on the router for long; its answer comes back through the hub.
     */
    abstract void send(Publication publication);

    /** Sends the whole table. */
    abstract void sendSnapshot(RoutingTable table);

    /** Request metrics per {@code app/revision}, as last reported (the embedded router answers live); null if none. */
    @Nullable JsonNode revisions() {
        return revisions;
    }

    /** In-flight requests per instance, as last reported (the embedded router answers live). */
    /** The certificates its TLS listener serves (name, hosts, serial, notAfter), or null when it reported none. */
    @Nullable JsonNode certificates() {
        return certificates;
    }

    Map<String, Integer> inFlight() {
        return inFlight;
    }

    /** Closes the transport (a newer connection of the same router replaced it, or the server stops). */
    void close() {
        connected = false;
    }
}
