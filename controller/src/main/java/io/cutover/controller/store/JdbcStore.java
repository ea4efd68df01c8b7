package io.cutover.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.model.Instance;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import io.cutover.core.ha.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Store} over a pool of JDBC connections, with every query written once in SQL that SQLite and
 * PostgreSQL both run ({@link SqlTx}, {@link SqlRows}). Its subclasses only open the database:
 * {@link SqliteStore}, {@link PostgresStore}.
 *
 * <p>Transactions are serialised in this process: one runs at a time, and reads run alongside on other
 * connections. One writer at a time is what SQLite needs; on PostgreSQL it is what keeps the event log
 * readable in order. An event's id is taken from a sequence when it is inserted, but becomes visible when
 * its transaction commits; were two transactions to run at once, the one holding the higher id could
 * commit first, and a reader polling {@code events(afterId)} would move past the lower id before it was
 * visible, missing that event for good. With one transaction at a time, every id a transaction takes is
 * higher than those of all committed transactions and lower than those of all later ones, so ids become
 * visible in id order. This holds with one writing process: on a shared store that is the leading
 * controller, whose writes are the only ones the store accepts.
 */
abstract class JdbcStore implements Store {

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Object writeLock = new Object();
    private final String id;
    private volatile Fence fence = Fence.OPEN;

    JdbcStore(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.id = identify(jdbi);
    }

    /**
     * The store's identity, made by the first controller to open it: of several opening a new store at
     * once, one insert wins and all read its value. A store that has one is only read, so opening it
     * never waits for a write in progress.
     */
    private static String identify(Jdbi jdbi) {
        Optional<String> made = jdbi.withHandle(JdbcStore::storedIdentity);
        if (made.isPresent()) {
            return made.get();
        }
        return jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO store_identity (id, store) VALUES (1, :store) ON CONFLICT (id) DO NOTHING")
                    .bind("store", UUID.randomUUID().toString()).execute();
            return storedIdentity(h).orElseThrow();
        });
    }

    private static Optional<String> storedIdentity(Handle h) {
        return h.createQuery("SELECT store FROM store_identity WHERE id = 1").mapTo(String.class).findOne();
    }

    @Override
    public final String id() {
        return id;
    }

    /**
     * Creates or migrates the schema in {@code source} from the migration history at {@code migrations},
     * then opens a pool of {@code connections} over it.
     *
     * @throws IllegalStateException naming the store (never a password) when it cannot be reached or migrated
     */
    static HikariDataSource migrateAndPool(StoreUrl url, DataSource source, String migrations, int connections) {
        try {
            Flyway.configure(JdbcStore.class.getClassLoader()).dataSource(source).locations(migrations).load().migrate();
        } catch (FlywayException e) {
            String kind = switch (url) {
                case StoreUrl.Sqlite sqlite -> "SQLite";
                case StoreUrl.Postgres postgres -> "PostgreSQL";
            };
            throw new IllegalStateException("cannot open the " + kind + " store " + url + ": " + rootMessage(e), e);
        }
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setPoolName("cutover-store");
        pool.setMaximumPoolSize(connections);
        pool.setMinimumIdle(1);
        return new HikariDataSource(pool);
    }

    /** The message of the innermost cause: Flyway's own is pages of context around the driver's one line. */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** The pool's JDBI, for {@link StoreCopy}. */
    final Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public final void close() {
        pool.close();
    }

    @Override
    public final <T> T transaction(Function<Tx, T> work) {
        synchronized (writeLock) {
            Fence checked = fence;
            if (checked instanceof Fence.Closed closed) {
                throw new NotLeadingException(closed.reason());
            }
            return jdbi.inTransaction(handle -> {
                // Every write of the store begins here, before any of its statements: the term check
                // locks the lease row, so no new term can begin until this transaction ended.
                long term = 0;
                if (checked instanceof Fence.Term fenced) {
                    LeaseSql.check(handle, fenced);
                    term = fenced.term();
                }
                return work.apply(new SqlTx(handle, term));
            });
        }
    }

    @Override
    public final void fence(Fence fence) {
        this.fence = java.util.Objects.requireNonNull(fence, "fence");
    }

    @Override
    public final Lease lease() {
        return jdbi.withHandle(LeaseSql::lease);
    }

    @Override
    public final Lease claimLease(ControllerRecord controller, long heldTerm, Instant now, Duration ttl) {
        return jdbi.inTransaction(h -> LeaseSql.claim(h, controller, heldTerm, now, ttl));
    }

    @Override
    public final Lease takeOverLease(ControllerRecord controller, long abandonedTerm, Instant now, Duration ttl) {
        return jdbi.inTransaction(h -> LeaseSql.takeOver(h, controller, abandonedTerm, now, ttl));
    }

    @Override
    public final boolean releaseLease(String holder, long term) {
        return jdbi.inTransaction(h -> LeaseSql.release(h, holder, term));
    }

    @Override
    public final List<RouterRecord> routers() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM routers ORDER BY id")
                .map((rs, ctx) -> new RouterRecord(rs.getString("id"), rs.getString("address"), rs.getString("token"),
                        Instant.parse(rs.getString("joined_at"))))
                .list());
    }

    @Override
    public final List<ControllerRecord> controllers() {
        return jdbi.withHandle(LeaseSql::controllers);
    }

    /** Runs one of the reads a transaction has too, on a connection of its own in autocommit. */
    private <T> T read(Function<SqlTx, T> query) {
        return jdbi.withHandle(h -> query.apply(new SqlTx(h, 0)));
    }

    // ---- apps and revisions ----

    @Override
    public Optional<AppRecord> app(String name) {
        return read(tx -> tx.app(name));
    }

    @Override
    public List<AppRecord> apps() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM apps ORDER BY name").map(SqlRows.APP).list());
    }

    @Override
    public Optional<FailedRevision> failedRevision(String app, String hash) {
        return read(tx -> tx.failedRevision(app, hash));
    }

    @Override
    public List<Revision> revisions(String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM revisions WHERE app = :app ORDER BY number")
                .bind("app", app).map(SqlRows.REVISION).list());
    }

    @Override
    public Optional<Revision> revision(String app, int number) {
        return read(tx -> tx.revision(app, number));
    }

    // ---- instances ----

    @Override
    public List<Instance> instances(String app) {
        return read(tx -> tx.instances(app));
    }

    @Override
    public List<Instance> allInstances() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances ORDER BY app, started_at, id")
                .map(SqlRows.INSTANCE).list());
    }

    @Override
    public Optional<Instance> instance(String id) {
        return read(tx -> tx.instance(id));
    }

    // ---- routes ----

    @Override
    public List<Route> routes() {
        return read(SqlTx::routes);
    }

    @Override
    public List<Route> routes(String app) {
        return read(tx -> tx.routes(app));
    }

    @Override
    public Optional<Route> route(String host, String pathPrefix) {
        return read(tx -> tx.route(host, pathPrefix));
    }

    @Override
    public Map<RouteKey, Maintenance> maintenance() {
        return jdbi.withHandle(h -> SqlTx.maintenance(h, null));
    }

    @Override
    public Map<RouteKey, Maintenance> maintenance(String app) {
        return read(tx -> tx.maintenance(app));
    }


    @Override
    public long generation() {
        return read(SqlTx::generation);
    }

    // ---- deployments ----

    @Override
    public List<Deployment> deployments(@Nullable String app, boolean activeOnly, int limit) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT * FROM deployments WHERE 1 = 1" + (app == null ? "" : " AND app = :app")
                    + (activeOnly ? " AND status = 'ACTIVE'" : "") + " ORDER BY id DESC LIMIT :limit").bind("limit", limit);
            if (app != null) {
                query.bind("app", app);
            }
            return query.map(SqlRows.DEPLOYMENT).list();
        });
    }

    @Override
    public Optional<Deployment> deployment(long id) {
        return read(tx -> tx.deployment(id));
    }

    @Override
    public Optional<Deployment> activeDeployment(String app) {
        return read(tx -> tx.activeDeployment(app));
    }

    // ---- events ----

    @Override
    public long lastEventId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM events").mapTo(Long.class).one());
    }

    @Override
    public List<StoredEvent> events(long afterId, int limit, @Nullable String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE id > :after"
                        + (app == null ? "" : " AND app = :app") + " ORDER BY id LIMIT :limit")
                .bind("after", afterId).bind("limit", limit).bind("app", app)
                .map(SqlRows.EVENT).list());
    }

    // ---- tokens ----

    @Override
    public List<ApiToken> tokens() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tokens ORDER BY name").map(SqlRows.TOKEN).list());
    }

    @Override
    public Optional<ApiToken> tokenByHash(String hash) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tokens WHERE hash = :hash").bind("hash", hash)
                .map(SqlRows.TOKEN).findOne());
    }

    // ---- certificates ----

    @Override
    public List<StoredCertificate> certificates() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM certificates ORDER BY name").map(SqlRows.CERTIFICATE).list());
    }
}
