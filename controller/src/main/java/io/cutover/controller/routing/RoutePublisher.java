package io.cutover.controller.routing;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.StoredCertificate;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RouteKey;
import io.cutover.core.routing.HttpsPolicy;
import io.cutover.core.routing.RouteTableComposer;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingPolicy;
import io.cutover.core.routing.RoutingTable;
import io.cutover.router.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the stored routes and instances into route-table generations and hands each to every router
 * through the {@link RoutingHub}; callers that need a change to be live wait for the acknowledgements.
 *
 * <p>Every table carries the store's identity and the term of the leader that made it, so routers
 * compare generations only within one store and refuse a deposed leader's tables (docs/ha.md).
 *
 * <p>One publish at a time, so generations go out in order. After a change to one app only that app is
 * read from the store and recomposed ({@link #publish(String)}), in the transaction that takes the
 * generation, which can be the change's own ({@link #change}); the rest of the table is kept.
 */
public final class RoutePublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoutePublisher.class);

    private final Store store;
    private final RoutingHub hub;
    private final Duration routerTimeout;
    /** The app of every route in the last table published. Under this object's lock. */
    private final Map<RouteKey, String> owners = new HashMap<>();

    /**
     * @param router the embedded router, or null when this server runs none
     * @param routerTimeout how long a router may stay silent before it stops counting
     */
    public RoutePublisher(Store store, EventLog events, @Nullable Router router, Clock clock, Duration routerTimeout) {
        this.store = store;
        this.routerTimeout = routerTimeout;
        this.hub = new RoutingHub(events, new RouterRegistry(store), clock, routerTimeout);
        if (router != null) {
            hub.connect(new EmbeddedSession(router, hub, clock));
        }
    }

    /** Builds the next generation from the whole store and sends it to every router; returns its number. */
    public synchronized long publish() {
        if (!hub.fresh()) {
            hub.expectRecordedRouters(); // this term's first table: the routers of the last leader count
        }
        List<Instance> instances = store.allInstances();
        Map<String, List<Instance>> byApp = instances.stream().collect(Collectors.groupingBy(Instance::app));
        var routes = store.routes();
        Map<String, RoutingPolicy> policies = new HashMap<>();
        for (Deployment deployment : store.deployments(null, true)) {
            RoutingPolicy policy = policy(deployment, store.app(deployment.app()).orElse(null));
            if (policy != null) {
                policies.put(deployment.app(), policy);
            }
        }
        Stamp stamp = nextStamp();
        Map<String, HttpsPolicy> https = new HashMap<>();
        for (AppRecord app : store.apps()) {
            if (app.spec().https() != null) {
                https.put(app.name(), app.spec().https());
            }
        }
        RoutingTable table = RouteTableComposer.compose(stamp.generation(), routes, byApp, policies, store.maintenance(), https)
                .stamped(stamp.term(), store.id())
                .withCertificates(store.certificates().stream().map(StoredCertificate::forRouters).toList());
        owners.clear();
        table.routes().forEach(entry -> owners.put(RouteKey.of(entry), entry.app()));
        hub.distribute(table, null);
        return stamp.generation();
    }

    /**
     * Builds the next generation after a change to one app (its routes, its instances, or the app gone)
     * and sends it to every router; returns its number. Reads only that app from the store and keeps
     * every other app's routes as they were, so its cost follows the app, not the table.
     */
    public long publish(String app) {
        return change(app, tx -> null).generation();
    }

    /** What a {@link #change} returned, and the generation that carries it. */
    public record Changed<T>(T result, long generation) {}

    /**
     * Makes a change to one app's routes (or anything its routes are made of) and publishes it as
     * {@link #publish(String)} does: the change, the app read back, and the next generation in one
     * transaction, so a change costs one write transaction, not two. When the change throws, nothing is
     * written and nothing is published.
     */
    public synchronized <T> Changed<T> change(String app, Function<Store.Tx, T> change) {
        if (!hub.fresh()) {
            T result = store.transaction(change);
            return new Changed<>(result, publish());
        }
        Composed<T> composed = store.transaction(tx -> {
            T result = change.apply(tx);
            // the app's spec (sticky sessions, mirroring) matters only while a deployment is under way
            RoutingPolicy policy = tx.activeDeployment(app).map(d -> policy(d, tx.app(app).orElse(null))).orElse(null);
            HttpsPolicy https = tx.app(app).map(a -> a.spec().https()).orElse(null);
            List<RouteEntry> entries = RouteTableComposer.entries(app, tx.routes(app), tx.instances(app), policy,
                    tx.maintenance(app), https);
            Stamp stamp = changesHands(app, entries) ? null : new Stamp(tx.nextGeneration(), tx.term());
            return new Composed<>(result, entries, stamp);
        });
        if (composed.stamp() == null) {
            return new Changed<>(composed.result(), publish()); // a route changed hands: let the whole store decide
        }
        distribute(app, composed.entries(), composed.stamp());
        return new Changed<>(composed.result(), composed.stamp().generation());
    }

    private record Composed<T>(T result, List<RouteEntry> entries, @Nullable Stamp stamp) {}

    /** Whether one of {@code app}'s entries is a route another app had in the last table. */
    private boolean changesHands(String app, List<RouteEntry> entries) {
        for (RouteEntry entry : entries) {
            String owner = owners.get(RouteKey.of(entry));
            if (owner != null && !owner.equals(app)) {
                return true;
            }
        }
        return false;
    }

    /** Sends every router the table with {@code app}'s entries replaced, and the delta from the last one. */
    private void distribute(String app, List<RouteEntry> entries, Stamp stamp) {
        long generation = stamp.generation();
        RoutingTable previous = hub.current();
        Map<RouteKey, RouteEntry> before = new HashMap<>();
        List<RouteEntry> routes = new ArrayList<>(previous.routes().size() + entries.size());
        for (RouteEntry entry : previous.routes()) {
            if (entry.app().equals(app)) {
                before.put(RouteKey.of(entry), entry);
            } else {
                routes.add(entry);
            }
        }
        List<RouteEntry> upserts = new ArrayList<>();
        for (RouteEntry entry : entries) {
            routes.add(entry);
            RouteKey key = RouteKey.of(entry);
            owners.put(key, app);
            if (!entry.equals(before.remove(key))) {
                upserts.add(entry);
            }
        }
        before.keySet().forEach(owners::remove);
        hub.distribute(new RoutingTable(generation, stamp.term(), store.id(), routes, previous.certificates()),
                new RoutingDelta(previous.generation(), generation, stamp.term(), upserts, List.copyOf(before.keySet())));
    }

    /** A generation and the leader's term it is handed out in. */
    private record Stamp(long generation, long term) {}

    /**
     * The next generation, taken in a transaction of its own, fenced like every write: a controller that no
     * longer leads gets none, and the term is the one the store checked.
     */
    private Stamp nextStamp() {
        return store.transaction(tx -> new Stamp(tx.nextGeneration(), tx.term()));
    }

    private static @Nullable RoutingPolicy policy(Deployment deployment, @Nullable AppRecord app) {
        StrategySpec strategy = app == null ? null : app.spec().strategy();
        boolean sticky = strategy != null && strategy.stickySessions();
        int mirror = strategy != null && strategy.mirror() != null ? strategy.mirror().percent() : 0;
        return RoutingPolicy.of(deployment, sticky, mirror);
    }

    /**
     * Publishes after a change to one app and waits until every live router applied the new generation,
     * at most the router timeout (after which a silent router stops counting anyway). Returns the routers
     * that still lag.
     */
    public List<String> publishAndAwait(String app) throws InterruptedException {
        return hub.awaitApplied(publish(app), routerTimeout.plusSeconds(1));
    }

    /**
     * Publishes the whole store (after a change to the certificates) and waits until every live router
     * applied it, as {@link #publishAndAwait} does; returns the generation and the routers that still lag.
     */
    public Published publishAllAndAwait() throws InterruptedException {
        long generation = publish();
        return new Published(generation, hub.awaitApplied(generation, routerTimeout.plusSeconds(1)));
    }

    /** A generation published, and the live routers that had not applied it when the wait ended. */
    public record Published(long generation, List<String> lagging) {}

    /**
     * {@link #publishAndAwait}, for the engine's steps: routers still lagging at the end of the wait are
     * logged (they stop counting once silent for the router timeout), an interrupt is kept.
     */
    public void publishAndConfirm(String app) {
        try {
            List<String> lagging = publishAndAwait(app);
            if (!lagging.isEmpty()) {
                log.warn("routers still lagging after the wait: {}", lagging);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The hub: acknowledgements, heartbeats, waiting, the routers' state. */
    public RoutingHub hub() {
        return hub;
    }

    /** The last table published. */
    public RoutingTable current() {
        return hub.current();
    }

    /** Requests in flight on an instance, summed over the live routers. */
    public int inFlight(String instanceId) {
        return hub.inFlight(instanceId);
    }

    @Override
    public void close() {
        hub.close();
    }
}
