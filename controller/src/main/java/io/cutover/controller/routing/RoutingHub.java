package io.cutover.controller.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.NotLeadingException;
import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routers this controller feeds: sends each generation to every connected router, takes
 * their acknowledgements and heartbeats, decides which routers are live, and lets callers wait until every
 * live router applied a generation.
 *
 * <p>A router counts once it acknowledged the snapshot it got on connecting ({@code router_joined}); it
 * stops counting when its heartbeats stop for the router timeout ({@code router_lost}), so a dead or
 * frozen router cannot block anyone. One lock guards the sessions' progress; waiters wait on it.
 */
public final class RoutingHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoutingHub.class);

    private final EventLog events;
    private final RouterRegistry registry;
    private final Clock clock;
    private final Duration routerTimeout;
    private final Map<String, RouterSession> sessions = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progressed = lock.newCondition();
    private final ScheduledExecutorService timer;
    private volatile RoutingTable current = RoutingTable.EMPTY;
    /**
     * Whether {@link #current} was made whole from the store since this controller last let its routers go
     * (it began leading): until then it is empty or a table of an earlier term, and no router gets it.
     */
    private volatile boolean fresh;
    private long announced;
    /** A {@code route_applied} announcement is queued and has not started yet. */
    private final AtomicBoolean announcePending = new AtomicBoolean();

    RoutingHub(EventLog events, RouterRegistry registry, Clock clock, Duration routerTimeout) {
        this.events = events;
        this.registry = registry;
        this.clock = clock;
        this.routerTimeout = routerTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cutover-routing-hub").factory());
        timer.scheduleWithFixedDelay(this::expire, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** The last generation sent. */
    public RoutingTable current() {
        return current;
    }

    /**
     * Whether the current table is this term's, made whole from the store: a router that connects before
     * is turned away (it would get an empty table, or one of this controller's earlier term).
     */
    public boolean fresh() {
        return fresh;
    }

    /**
     * Sends a new generation to every router. Called by the publisher, one generation at a time, with the
     * delta from the current one if the publisher knows it (else it is worked out when a router needs it).
     */
    void distribute(RoutingTable table, @Nullable RoutingDelta delta) {
        Publication publication = new Publication(table, current, delta);
        current = table;
        if (delta == null) {
            fresh = true;
        }
        // Remote routers first: their sessions only queue the write, while the embedded router applies the
        // table on this thread before it returns.
        for (RouterSession session : sessions.values()) {
            if (session.connected && !session.embedded) {
                session.send(publication);
            }
        }
        for (RouterSession session : sessions.values()) {
            if (session.connected && session.embedded) {
                session.send(publication);
            }
        }
    }

    /**
     * Counts the routers the last leader had as live until each reconnects, or stays silent for the
     * router timeout (then it is lost as any silent router); called before this term's first table.
     */
    void expectRecordedRouters() {
        Instant now = clock.instant();
        lock.lock();
        try {
            for (var record : registry.recorded()) {
                if (!sessions.containsKey(record.id())) {
                    sessions.put(record.id(), RouterRegistry.expected(record, now));
                    log.info("router {} followed the last leader: counted until it reconnects, at most {} ms",
                            record.id(), routerTimeout.toMillis());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Registers a router that just connected and sends it the current table. */
    void connect(RouterSession session) {
        lock.lock();
        try {
            RouterSession old = sessions.put(session.id, session);
            if (old != null && old != session) {
                old.close();
            }
            session.joinGeneration = current.generation();
            session.live = false;
        } finally {
            lock.unlock();
        }
        session.sendSnapshot(current);
    }

    /**
     * Whether the router token named {@code token} may connect as {@code routerId}: an id is free, or held
     * by the same token, or by a router that no longer counts (its stream closed and its heartbeats
     * stopped). The embedded router's id is never free.
     *
     * @throws RouterClaimException (409) if a live router of another token holds the id
     */
    public void checkClaim(String routerId, @Nullable String token) {
        RouterSession held = sessions.get(routerId);
        if (held == null || (!held.embedded && Objects.equals(held.token, token))) {
            return;
        }
        Instant cutoff = clock.instant().minus(routerTimeout);
        if (held.embedded || held.live || held.connected || held.lastHeartbeat.isAfter(cutoff)) {
            throw new RouterClaimException(409, "router id \"" + routerId + "\" is in use by "
                    + (held.embedded ? "the embedded router" : "a live router connected with another token")
                    + "; choose another --id");
        }
    }

    /**
     * A router process connected to the watch stream: registers it (replacing an older connection of the
     * same id and token) and sends it the current table. The caller holds the stream open until {@link
     * RouterConnection#awaitEnd()} returns.
     *
     * @param token the name of the token it connected with (null with auth off)
     * @throws RouterClaimException (409) if a live router of another token holds the id
     */
    public RouterConnection open(String routerId, String address, io.javalin.http.sse.SseClient client, @Nullable String token) {
        RemoteSession session = new RemoteSession(routerId, address, client, clock.instant(), token);
        lock.lock();
        try {
            checkClaim(routerId, token); // again, under the lock: another router may have connected meanwhile
            connect(session);
        } finally {
            lock.unlock();
        }
        return new RouterConnection(session);
    }

    /** @throws RouterClaimException (401) if the router is connected with another token than {@code token} */
    private void checkSpeaksFor(RouterSession session, @Nullable String token) {
        if (!Objects.equals(session.token, token)) {
            throw new RouterClaimException(401, "router \"" + session.id + "\" is connected with another token; "
                    + "this one may not speak for it");
        }
    }

    /** A router's stream ended; it stays listed, and stops counting when its heartbeats stop. */
    public void disconnected(RouterConnection connection) {
        connection.session().close();
    }

    /**
     * A router applied {@code generation}, or refused it ({@code error} set).
     *
     * @throws RouterClaimException (401) if the router is connected with another token
     */
    public void acknowledged(String routerId, long generation, @Nullable String error, @Nullable String token) {
        RouterSession session = sessions.get(routerId);
        if (session == null) {
            return;
        }
        checkSpeaksFor(session, token);
        boolean joined = false;
        lock.lock();
        try {
            session.lastHeartbeat = clock.instant();
            if (error != null) {
                session.error = "generation " + generation + ": " + error;
            } else {
                session.error = null;
                session.acked = Math.max(session.acked, generation);
                if (!session.live && session.acked >= session.joinGeneration && session.connected) {
                    session.live = true;
                    joined = true;
                }
            }
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
        if (joined && !session.embedded) {
            registry.joined(session, clock.instant());
            events.append("router_joined", null, Map.of("router", routerId, "address", session.address,
                    "generation", session.acked));
        }
        if (error != null) {
            events.append("router_nack", null, Map.of("router", routerId, "generation", generation, "error", error));
        }
        announceLater();
    }

    /**
     * Has {@code route_applied} written on the hub's own thread: an acknowledgement is answered without
     * waiting for the store, and the acknowledgements of one burst make one event.
     */
    private void announceLater() {
        if (!announcePending.compareAndSet(false, true)) {
            return; // the task queued will see this acknowledgement too
        }
        try {
            timer.execute(() -> {
                announcePending.set(false);
                try {
                    announceApplied();
                } catch (NotLeadingException e) {
                    log.debug("route_applied: {}", e.getMessage()); // a deposed leader's store refuses it
                } catch (RuntimeException e) {
                    log.warn("route_applied: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /**
     * A router's heartbeat; returns whether it counts as live.
     *
     * @throws RouterClaimException (401) if the router is connected with another token
     */
    public boolean heartbeat(String routerId, String address, Map<String, Integer> inFlight, @Nullable JsonNode revisions,
            @Nullable JsonNode certificates, @Nullable String token) {
        RouterSession session = sessions.get(routerId);
        if (session == null) {
            return false;
        }
        checkSpeaksFor(session, token);
        session.lastHeartbeat = clock.instant();
        session.address = address;
        session.inFlight = Map.copyOf(inFlight);
        session.reported = true;
        session.revisions = revisions;
        session.certificates = certificates;
        return session.live;
    }

    /**
     * Waits until every live router acknowledged {@code generation}, at most {@code timeout}.
     *
     * @return the routers that still lag (empty when all caught up)
     */
    public List<String> awaitApplied(long generation, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                List<String> lagging = lagging(generation);
                long left = deadline - System.nanoTime();
                if (lagging.isEmpty() || left <= 0) {
                    return lagging;
                }
                progressed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private List<String> lagging(long generation) {
        return RouterViews.lagging(sessions.values(), generation);
    }

    /**
     * A revision's request counters summed over the live routers, cumulative (each since that router
     * started): the difference of two readings is a window of traffic, for canary analysis.
     */
    public RevisionCounters counters(String app, int revision) {
        return RouterViews.counters(sessions.values(), app, revision);
    }

    /**
     * In-flight requests on an instance, summed over the live routers. A live router that has not reported
     * since it connected (or is still expected to reconnect) counts as one: unknown is not idle.
     */
    public int inFlight(String instanceId) {
        return RouterViews.inFlight(sessions.values(), instanceId);
    }

    /** Every router known, live or not, for {@code GET /v1/routers}. */
    public List<Map<String, Object>> describe() {
        return RouterViews.describe(sessions.values(), current.generation());
    }

    /**
     * Closes every router process's stream and forgets it (this controller stopped leading): each router
     * looks for the leader again and keeps serving its table meanwhile. The embedded router stays.
     */
    public void disconnectRouters() {
        fresh = false;
        lock.lock();
        try {
            sessions.values().removeIf(session -> {
                if (session.embedded) {
                    return false;
                }
                session.close();
                return true;
            });
            progressed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Routers whose heartbeats stopped no longer count. */
    private void expire() {
        try {
            expireSilentRouters();
        } catch (NotLeadingException e) {
            // a follower's store refuses the event: the leader's hub has the routers
            log.debug("router liveness: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("router liveness: {}", e.toString()); // and the next round looks again
        }
    }

    private void expireSilentRouters() {
        Instant cutoff = clock.instant().minus(routerTimeout);
        List<RouterSession> lost = new ArrayList<>();
        lock.lock();
        try {
            for (RouterSession session : sessions.values()) {
                if (session.live && !session.embedded && session.lastHeartbeat.isBefore(cutoff)) {
                    session.live = false;
                    lost.add(session);
                }
            }
            if (!lost.isEmpty()) {
                progressed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        for (RouterSession session : lost) {
            session.close();
            registry.lost(session.id);
            events.append("router_lost", null, Map.of("router", session.id, "address", session.address,
                    "reason", "no heartbeat for " + routerTimeout.toMillis() + " ms", "generation", session.acked));
        }
        if (!lost.isEmpty()) {
            announceApplied();
        }
    }

    /** Emits {@code route_applied} for the newest generation every live router has. */
    private void announceApplied() {
        long applied;
        lock.lock();
        try {
            applied = current.generation();
            for (RouterSession session : sessions.values()) {
                if (session.live) {
                    applied = Math.min(applied, session.acked);
                }
            }
            if (applied <= announced) {
                return;
            }
            announced = applied;
        } finally {
            lock.unlock();
        }
        long routers = sessions.values().stream().filter(s -> s.live).count();
        events.append("route_applied", null, Map.of("generation", applied, "routers", routers));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sessions.values().forEach(RouterSession::close);
    }
}
