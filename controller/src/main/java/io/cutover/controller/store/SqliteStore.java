package io.cutover.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.model.Instance;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The {@link Store} in one SQLite file, {@code cutover.db} in the data directory, in WAL mode. The
 * schema is created and migrated on open ({@code db/migration}).
 *
 * <p>Transactions are serialised here, so SQLite never sees two writers; reads run alongside them on
 * other connections, which WAL allows.
 */
public final class SqliteStore implements Store {

    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Object writeLock = new Object();

    private SqliteStore(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** Opens (and creates or migrates) the store in {@code dataDir/cutover.db}, creating the directory if need be. */
    public static SqliteStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + dataDir.resolve("cutover.db").toAbsolutePath());
        Flyway.configure(SqliteStore.class.getClassLoader()).dataSource(source).locations("classpath:db/migration")
                .load().migrate();
        // Opening a SQLite connection (file, schema, pragmas) costs milliseconds: keep a few open. WAL lets
        // readers run beside the one writer.
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setPoolName("cutover-store");
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        return new SqliteStore(new HikariDataSource(pool));
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public <T> T transaction(Function<Tx, T> work) {
        synchronized (writeLock) {
            return jdbi.inTransaction(handle -> work.apply(new SqliteTx(handle)));
        }
    }

    /** Runs one of the reads a transaction has too, on a connection of its own in autocommit. */
    private <T> T read(Function<SqliteTx, T> query) {
        return jdbi.withHandle(h -> query.apply(new SqliteTx(h)));
    }

    // ---- apps and revisions ----

    @Override
    public Optional<AppRecord> app(String name) {
        return read(tx -> tx.app(name));
    }

    @Override
    public List<AppRecord> apps() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM apps ORDER BY name").map(SqliteRows.APP).list());
    }

    @Override
    public Optional<FailedRevision> failedRevision(String app, String hash) {
        return read(tx -> tx.failedRevision(app, hash));
    }

    @Override
    public List<Revision> revisions(String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM revisions WHERE app = :app ORDER BY number")
                .bind("app", app).map(SqliteRows.REVISION).list());
    }

    @Override
    public Optional<Revision> revision(String app, int number) {
        return read(tx -> tx.revision(app, number));
    }

    // ---- instances ----

    @Override
    public List<Instance> instances(String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances WHERE app = :app ORDER BY started_at, id")
                .bind("app", app).map(SqliteRows.INSTANCE).list());
    }

    @Override
    public List<Instance> allInstances() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances ORDER BY app, started_at, id")
                .map(SqliteRows.INSTANCE).list());
    }

    @Override
    public Optional<Instance> instance(String id) {
        return read(tx -> tx.instance(id));
    }

    // ---- routes ----

    @Override
    public List<Route> routes() {
        return read(SqliteTx::routes);
    }

    @Override
    public List<Route> routes(String app) {
        return read(tx -> tx.routes(app));
    }

    @Override
    public Map<RouteKey, Maintenance> maintenance() {
        return jdbi.withHandle(h -> maintenance(h, null));
    }

    @Override
    public Map<RouteKey, Maintenance> maintenance(String app) {
        return jdbi.withHandle(h -> maintenance(h, app));
    }

    private static Map<RouteKey, Maintenance> maintenance(Handle h, @Nullable String app) {
        var query = h.createQuery("SELECT m.host, m.path_prefix, m.spec FROM maintenance m"
                + (app == null ? "" : " JOIN routes r ON r.host = m.host AND r.path_prefix = m.path_prefix WHERE r.app = :app"));
        if (app != null) {
            query.bind("app", app);
        }
        Map<RouteKey, Maintenance> all = new HashMap<>();
        query.map((rs, ctx) -> Map.entry(new RouteKey(rs.getString("host"), rs.getString("path_prefix")),
                SqliteRows.maintenance(rs.getString("spec")))).forEach(e -> all.put(e.getKey(), e.getValue()));
        return all;
    }

    @Override
    public long generation() {
        return read(SqliteTx::generation);
    }

    // ---- deployments ----

    @Override
    public List<Deployment> deployments(@Nullable String app, boolean activeOnly) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT * FROM deployments WHERE 1 = 1" + (app == null ? "" : " AND app = :app")
                    + (activeOnly ? " AND status = 'ACTIVE'" : "") + " ORDER BY id DESC");
            if (app != null) {
                query.bind("app", app);
            }
            return query.map(SqliteRows.DEPLOYMENT).list();
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
                .map(SqliteRows.EVENT).list());
    }

    // ---- tokens ----

    @Override
    public List<ApiToken> tokens() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM tokens ORDER BY name").map(SqliteRows.TOKEN).list());
    }
}
