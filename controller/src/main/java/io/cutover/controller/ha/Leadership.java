package io.cutover.controller.ha;

import io.cutover.controller.engine.Engine;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutingHub;
import io.cutover.controller.store.ControllerRecord;
import io.cutover.controller.store.Fence;
import io.cutover.controller.store.Store;
import io.cutover.controller.store.TermLock;
import io.cutover.core.ha.Lease;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This controller's part in leader election (docs/ha.md): every renewal interval it claims the store's
 * lease, or renews it while it leads. Elected, it fences the store with its term and starts the engine;
 * deposed (another controller holds the lease, or the store stayed unreachable until the lease ran out),
 * it closes the fence, stops the engine and lets its routers go, so it changes nothing any more.
 *
 * <p>On PostgreSQL, a leader also holds its term's {@link TermLock} in a session of its own; a follower
 * that finds the lock of the current term free knows the leader's process is gone and takes the lease
 * over in the next round instead of after the TTL.
 *
 * <p>Rounds run on one timer thread; the engine starts and stops on another, in the order decided, so a
 * renewal never waits for an engine to adopt its instances.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final Store store;
    private final EventLog events;
    private final Engine engine;
    private final RoutingHub hub;
    private final Clock clock;
    private final LeaseTimes times;
    private final ControllerRecord self;
    private final TermLock termLock;
    private final ScheduledExecutorService timer;
    private final ExecutorService switcher;
    /** The term this controller leads in, 0 while it follows. Under this object's lock. */
    private long term;
    /** While leading: the lease lasts at least until then, as last renewed. Under this object's lock. */
    private Instant holdsUntil = Instant.EPOCH;
    private volatile LeaderView view;
    private volatile boolean closed;

    private Leadership(Store store, EventLog events, Engine engine, RoutingHub hub, Clock clock, LeaseTimes times,
            ControllerRecord self) {
        this.store = store;
        this.events = events;
        this.engine = engine;
        this.hub = hub;
        this.clock = clock;
        this.times = times;
        this.self = self;
        this.termLock = store.termLock();
        this.view = new LeaderView(self.id(), false, 0, store.lease());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cutover-lease").factory());
        this.switcher = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cutover-engine-switch").factory());
    }

    /**
     * Closes the store's fence (nothing is written until this controller leads), runs the first round now
     * (elected, the engine has started when this returns) and the next ones every renewal interval.
     *
     * @param self this controller: its id, advertised address, version and start time
     */
    public static Leadership start(Store store, EventLog events, Engine engine, RoutingHub hub, Clock clock,
            LeaseTimes times, ControllerRecord self) {
        store.fence(new Fence.Closed("this controller follows; writes go to the leader"));
        Leadership leadership = new Leadership(store, events, engine, hub, clock, times, self);
        leadership.round();
        leadership.awaitSwitches();
        long every = times.renew().toMillis();
        leadership.timer.scheduleWithFixedDelay(leadership::round, every, every, TimeUnit.MILLISECONDS);
        return leadership;
    }

    /** What this controller knows about leadership now. */
    public LeaderView view() {
        return view;
    }

    private synchronized void round() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        Lease before;
        Lease after;
        try {
            before = store.lease();
            after = term > 0 ? renew(now) : claim(before, now);
        } catch (RuntimeException e) {
            if (term > 0 && !clock.instant().isBefore(holdsUntil)) {
                stepDown("its lease ran out while the store could not be reached (" + e.getMessage() + ")");
            } else {
                log.warn("leader lease: the store could not be reached: {}", e.toString());
            }
            if (term == 0) {
                termLock.release(); // a claim that failed half-way holds no next term's lock into the next round
            }
            return;
        }
        boolean mine = after.holder().equals(self.id()) && after.held(now);
        if (mine && after.term() == term) {
            holdsUntil = after.expiresAt();
            view = new LeaderView(self.id(), true, term, after);
        } else if (mine) {
            elected(before, after, now);
        } else {
            if (term > 0) {
                stepDown("controller " + after.holder() + " leads in term " + after.term());
            }
            view = new LeaderView(self.id(), false, after.term(), after);
            events.published(store.lastEventId()); // followers' event streams see what the leader wrote
        }
    }

    /**
     * Renews the lease this controller leads in, then takes its term's lock again if its session dropped
     * (after: a slow lock session never delays the renewal).
     */
    private Lease renew(Instant now) {
        Lease renewed = store.claimLease(self.seen(now), term, now, times.ttl());
        if (renewed.holder().equals(self.id()) && renewed.term() == term && !termLock.hold(term)) {
            log.warn("controller {} leads in term {} but could not take the term's lock: another controller may take over", self.id(), term);
        }
        return renewed;
    }

    /**
     * Claims the lease when it is free, lapsed, or left by this controller's earlier start; takes it over
     * when its leader is found gone. A candidate takes the next term's lock first; one that cannot (another
     * is claiming) waits for the next round.
     */
    private Lease claim(Lease before, Instant now) {
        boolean claimable = !before.held(now) || before.holder().equals(self.id());
        boolean abandoned = !claimable && termLock.abandoned(before.term());
        if ((claimable || abandoned) && !termLock.hold(before.term() + 1)) {
            return before;
        }
        Lease after = abandoned
                ? store.takeOverLease(self.seen(now), before.term(), now, times.ttl())
                : store.claimLease(self.seen(now), 0, now, times.ttl());
        if (!after.holder().equals(self.id())) {
            termLock.release();
        } else if (!termLock.hold(after.term())) {
            log.warn("controller {} leads in term {} but could not take the term's lock", self.id(), after.term());
        }
        return after;
    }

    private void elected(Lease before, Lease after, Instant now) {
        term = after.term();
        holdsUntil = after.expiresAt();
        store.fence(new Fence.Term(self.id(), term));
        try {
            if (!before.holder().isEmpty() && before.term() < term) {
                Map<String, Object> lost = new LinkedHashMap<>();
                lost.put("term", before.term());
                lost.put("controller", before.holder());
                lost.put("reason", before.holder().equals(self.id()) ? "the controller restarted"
                        : before.held(now) ? "its session with the store ended (the controller is gone)" : "its lease lapsed");
                events.append("leader_lost", null, lost);
            }
            events.append("leader_elected", null, Map.of("term", term, "controller", self.id(), "address", self.address()));
        } catch (RuntimeException e) {
            log.warn("leader election: the events of term {} could not be written: {}", term, e.toString());
        }
        view = new LeaderView(self.id(), true, term, after);
        log.info("controller {} leads in term {}", self.id(), term);
        long elected = term;
        switcher.execute(() -> {
            if (leadsIn(elected)) {
                engine.start();
            }
        });
    }

    private synchronized boolean leadsIn(long elected) {
        return term == elected && !closed;
    }

    /** Writes nothing more, stops the engine, lets the routers go. */
    private void stepDown(String reason) {
        log.warn("controller {} stops leading (term {}): {}", self.id(), term, reason);
        store.fence(new Fence.Closed("this controller no longer leads (term " + term + "): " + reason));
        view = new LeaderView(self.id(), false, term, view.lease());
        term = 0;
        holdsUntil = Instant.EPOCH;
        termLock.release();
        switcher.execute(() -> {
            engine.stop();
            hub.disconnectRouters();
        });
    }

    private void awaitSwitches() {
        try {
            switcher.submit(() -> {}).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stops the engine and, if this controller leads, records {@code leader_lost} and releases the lease so
     * a follower takes over at once instead of after the TTL.
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        awaitSwitches();
        engine.stop();
        synchronized (this) {
            if (term > 0) {
                try {
                    events.append("leader_lost", null, Map.of("term", term, "controller", self.id(),
                            "reason", "the controller stopped"));
                    store.releaseLease(self.id(), term);
                } catch (RuntimeException e) {
                    log.warn("releasing the leader lease failed (it lapses after its TTL): {}", e.toString());
                }
                store.fence(new Fence.Closed("this controller stopped"));
                term = 0;
            }
            termLock.close();
        }
        switcher.shutdownNow();
    }
}
