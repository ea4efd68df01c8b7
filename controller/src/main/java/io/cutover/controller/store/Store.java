package io.cutover.controller.store;

import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import io.cutover.core.ha.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The controller's durable state: apps, revisions, instances, routes and their maintenance,
 * deployments, the event log and the route-table generation.
 *
 * <p>Every write goes through {@link #transaction}; the reads here each see committed state and run
 * alongside writes. Every decision the engine takes is written here before it is acted on, so the
 * controller picks up where it left off after a restart: what a store holds outlives the process that
 * opened it. Implementations: {@link SqliteStore} (the default, a file in the data directory) and
 * {@link PostgresStore}. The contract every implementation keeps is what this interface's Javadoc says;
 * the store's contract tests check it against both. Where a list is sorted by text (names, hosts, path
 * prefixes, ids), it is in code-point order, whatever the database's collation.
 */
public interface Store extends AutoCloseable {

    /** Opens (and creates or migrates) the store {@code url} names. */
    static Store open(StoreUrl url) {
        return switch (url) {
            case StoreUrl.Sqlite sqlite -> SqliteStore.open(sqlite.dataDir());
            case StoreUrl.Postgres postgres -> PostgresStore.open(postgres);
        };
    }

    /**
     * Runs {@code work} in one transaction and returns what it returns. All its writes are committed
     * together, or none is: when {@code work} throws, everything it wrote is rolled back and the
     * exception propagates. Transactions take effect one after another: none sees another's writes
     * before that one committed.
     *
     * @throws NotLeadingException when the store's {@link #fence} refuses the write; nothing was written
     */
    <T> T transaction(Function<Tx, T> work);

    /** Closes the store's connections; it is not used afterwards. */
    @Override
    void close();

    // ---- apps and revisions ----

    /** The app of that name, deleting or not. */
    Optional<AppRecord> app(String name);

    /** Every app, by name. */
    List<AppRecord> apps();

    /** The failed deployment of a revision hash, if its last deployment failed. */
    Optional<FailedRevision> failedRevision(String app, String hash);

    /** The app's revisions, oldest (lowest number) first. */
    List<Revision> revisions(String app);

    /** One revision of the app. */
    Optional<Revision> revision(String app, int number);

    // ---- instances ----

    /** The app's instances, by launch time (then id). */
    List<Instance> instances(String app);

    /** Every app's instances, by app, then launch time (then id). */
    List<Instance> allInstances();

    /** The instance of that id, whichever app it belongs to. */
    Optional<Instance> instance(String id);

    // ---- routes ----

    /** Every route, by host, then path prefix. */
    List<Route> routes();

    /** The routes of one app, by host, then path prefix. */
    List<Route> routes(String app);

    /** The route of a host and path prefix, whichever app has it. */
    Optional<Route> route(String host, String pathPrefix);

    /** The routes in maintenance, whichever app they belong to. */
    Map<RouteKey, Maintenance> maintenance();

    /** The routes of one app that are in maintenance. */
    Map<RouteKey, Maintenance> maintenance(String app);

    /** The route-table generation: 0 in a new store, then the value of the last {@link Tx#nextGeneration}. */
    long generation();

    /**
     * The store's identity: a UUID made when the store was first opened, the same for every controller
     * that shares it and kept by {@code cutover store migrate}. Generations compare only within one store.
     */
    String id();

    // ---- deployments ----

    /** Deployments, newest (highest id) first; of one app when {@code app} is not null, only the active ones when asked. */
    default List<Deployment> deployments(@Nullable String app, boolean activeOnly) {
        return deployments(app, activeOnly, Integer.MAX_VALUE);
    }

    /** The newest {@code limit} of {@link #deployments(String, boolean)}. */
    List<Deployment> deployments(@Nullable String app, boolean activeOnly, int limit);

    /** The deployment of that id. */
    Optional<Deployment> deployment(long id);

    /** The app's newest active deployment. */
    Optional<Deployment> activeDeployment(String app);

    // ---- events ----

    /** The id of the newest event, 0 when the log is empty. */
    long lastEventId();

    /**
     * At most {@code limit} events with ids above {@code afterId}, oldest first; only those of
     * {@code app} when it is not null.
     */
    List<StoredEvent> events(long afterId, int limit, @Nullable String app);

    // ---- tokens ----

    /** Every API token, by name. */
    List<ApiToken> tokens();

    /** The token whose SHA-256 (hex) is {@code hash}, through the column's unique index: what every API call asks. */
    Optional<ApiToken> tokenByHash(String hash);

    // ---- certificates ----

    /** Every certificate added through the API, by name. */
    List<StoredCertificate> certificates();

    // ---- leadership (docs/ha.md) ----

    /**
     * Sets what every later {@link #transaction} checks before it writes: a follower closes the store
     * to writes, a leader fences them with its term. A new store is {@link Fence#OPEN}.
     */
    void fence(Fence fence);

    /** The leader lease as stored. */
    Lease lease();

    /**
     * Claims or renews the lease for {@code controller}, which holds {@code heldTerm} (0 when it does not
     * lead), as {@link Lease#claimedBy} decides, in a transaction of its own that no fence checks; records
     * the controller as seen at {@code now}. Returns the lease after: this controller's in the term it got,
     * or another's.
     */
    Lease claimLease(ControllerRecord controller, long heldTerm, Instant now, Duration ttl);

    /**
     * Takes the lease over from a leader whose session ended ({@link TermLock#abandoned}): the next term
     * for {@code controller} if the lease is still in {@code abandonedTerm}, else the lease unchanged (another
     * controller was quicker, or the leader renewed meanwhile and so is not gone). In a transaction of its own.
     */
    Lease takeOverLease(ControllerRecord controller, long abandonedTerm, Instant now, Duration ttl);

    /**
     * Opens this controller's {@link TermLock}: a database session of its own in which it holds the lock
     * of the term it leads in. Stores that one process alone opens have nothing to lock: {@link TermLock#NONE}.
     */
    default TermLock termLock() {
        return TermLock.NONE;
    }

    /** The routers that followed the leader (joined and not lost since), by id. */
    List<RouterRecord> routers();

    /** Gives the lease up if {@code holder} holds it in {@code term}, so another can lead at once; true if it did. */
    boolean releaseLease(String holder, long term);

    /** Every controller that ever claimed or renewed the lease, by id. */
    List<ControllerRecord> controllers();

    /**
     * The reads and writes of one {@link #transaction}, valid only inside it. Reads see the
     * transaction's own writes.
     */
    interface Tx {

        // ---- apps and revisions ----

        /** The app of that name, deleting or not. */
        Optional<AppRecord> app(String name);

        /**
         * Writes an app: inserts it, or replaces the stored one of the same name, keeping the stored
         * {@link AppRecord#createdAt}.
         */
        void putApp(AppRecord app);

        /**
         * Removes the app with its revisions, failed revisions, routes (and their maintenance) and
         * deployments. Its instances and events stay: instances go when their processes are gone, and
         * the event log keeps its history.
         */
        void deleteApp(String name);

        /** Writes a new revision; throws if the app already has a revision of that number. */
        void putRevision(Revision revision);

        /** One revision of the app. */
        Optional<Revision> revision(String app, int number);

        /** The app's revision of the highest number. */
        Optional<Revision> latestRevision(String app);

        /**
         * Deletes the app's revisions older than its newest {@code keep}, except those in {@code inUse}
         * (the current one, those with instances); returns the numbers deleted, newest first.
         */
        List<Integer> pruneRevisions(String app, int keep, Set<Integer> inUse);

        /** Remembers that a deployment of {@code failed.hash()} failed, replacing an earlier failure of that hash. */
        void putFailedRevision(FailedRevision failed);

        /** Forgets a failure of {@code hash}: a deployment of it succeeded. */
        void clearFailedRevision(String app, String hash);

        /** The failed deployment of a revision hash, if its last deployment failed. */
        Optional<FailedRevision> failedRevision(String app, String hash);

        // ---- instances ----

        /** The instance of that id, whichever app it belongs to. */
        Optional<Instance> instance(String id);

        /** The instances of one app, oldest first. */
        List<Instance> instances(String app);

        /**
         * Writes an instance: inserts it, or updates the stored one of the same id. An update changes
         * only what changes in an instance's life (where the runtime launched it: host, port, pid,
         * process start; state, health, readiness); its app, revision, launch time and log file stay as
         * first written.
         */
        void putInstance(Instance instance);

        /** Removes an instance; nothing happens if there is none of that id. */
        void deleteInstance(String id);

        // ---- routes and maintenance ----

        /** Every route, by host, then path prefix. */
        List<Route> routes();

        /** The routes of one app, by host, then path prefix. */
        List<Route> routes(String app);

        /** The route of a host and path prefix, whichever app has it. */
        Optional<Route> route(String host, String pathPrefix);

        /** Writes a new route; throws if a route of that host and path prefix exists. */
        void putRoute(Route route);

        /** Removes a route, and its maintenance with it. */
        void deleteRoute(Route route);

        /**
         * Puts a route in maintenance (replacing the maintenance it had), or takes it out when
         * {@code maintenance} is null.
         */
        void putMaintenance(Route route, @Nullable Maintenance maintenance, Instant since);

        /** A route's maintenance, if it is in maintenance. */
        Optional<Maintenance> maintenance(Route route);

        /** The maintenance of one app's routes in maintenance, by route. */
        Map<RouteKey, Maintenance> maintenance(String app);

        /** Adds one to the route-table generation and returns the new value (1 in a new store). */
        long nextGeneration();

        /** Records a router that joined the leader (replacing what was recorded of it). */
        void putRouter(RouterRecord router);

        /** Forgets a router that was lost. */
        void deleteRouter(String id);

        /** The leader's term this transaction is fenced with (docs/ha.md); 0 when the store is not fenced. */
        long term();

        // ---- deployments ----

        /**
         * Starts a deployment ({@link Deployment#start}); returns it with its new id, higher than every
         * deployment's before it, whichever app.
         */
        Deployment insertDeployment(String app, StrategySpec.Type strategy, int from, int to, int oldAtStart, Instant now);

        /** The app's newest active deployment. */
        Optional<Deployment> activeDeployment(String app);

        /**
         * Overwrites the stored deployment of {@code deployment.id()}, which {@link #insertDeployment}
         * made (its app and creation time stay); writes nothing if there is none of that id.
         */
        void putDeployment(Deployment deployment);

        /**
         * Compare-and-set: replaces {@code seen} with {@code next} only if the stored deployment of
         * {@code seen.id()} still equals {@code seen}; returns false and writes nothing when someone else
         * (a cancel, a newer apply) changed it meanwhile, or when there is none.
         */
        boolean replaceDeployment(Deployment seen, Deployment next);

        // ---- events ----

        /**
         * Appends an event to the log; returns it with its id, higher than every event's before it.
         * Events appended in a transaction that rolls back are not in the log.
         */
        StoredEvent appendEvent(Instant time, String type, @Nullable String app, String data);

        // ---- tokens ----

        /** The token of that name. */
        Optional<ApiToken> token(String name);

        /** Adds a token; its name must be new. */
        void insertToken(ApiToken token);

        /** Deletes the token of that name; false if there was none. */
        boolean deleteToken(String name);

        // ---- certificates ----

        /** Adds a certificate, or replaces the one of the same name. */
        void putCertificate(StoredCertificate certificate);

        /** Deletes the certificate of that name; false if there was none. */
        boolean deleteCertificate(String name);
    }
}
