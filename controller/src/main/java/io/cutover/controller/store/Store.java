package io.cutover.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cutover.core.deploy.BlueGreenState;
import io.cutover.core.deploy.CanaryState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.RollingPlanner;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * The controller's durable state in one SQLite file (WAL mode): apps, revisions, instances, routes,
 * events and the route-table generation.
 *
 * <p>Writes are serialised here, so SQLite never sees two writers; reads run alongside.
 */
public final class Store implements AutoCloseable {

    private final Jdbi jdbi;
    private final Object writeLock = new Object();

    private final HikariDataSource pool;

    private Store(HikariDataSource pool) {
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
    }

    /** Opens (and creates or migrates) the store in {@code dataDir/cutover.db}. */
    public static Store open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + dataDir.resolve("cutover.db").toAbsolutePath());
        Flyway.configure(Store.class.getClassLoader()).dataSource(source).locations("classpath:db/migration")
                .load().migrate();
        // Opening a SQLite connection (file, schema, pragmas) costs milliseconds: keep a few open. WAL lets
        // readers run beside the one writer.
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(source);
        pool.setPoolName("cutover-store");
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        return new Store(new HikariDataSource(pool));
    }

    /** Closes the store's connections. */
    @Override
    public void close() {
        pool.close();
    }

    /** Runs {@code work} in one transaction; writes inside it are atomic. */
    public <T> T transaction(Function<Tx, T> work) {
        synchronized (writeLock) {
            return jdbi.inTransaction(handle -> work.apply(new Tx(handle)));
        }
    }

    // ---- reads ----

    public Optional<AppRecord> app(String name) {
        return jdbi.withHandle(h -> Tx.app(h, name));
    }

    public List<AppRecord> apps() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM apps ORDER BY name").map((rs, ctx) -> Tx.appRow(rs)).list());
    }

    /** The failed deployment of a revision hash, if its last deployment failed. */
    public Optional<FailedRevision> failedRevision(String app, String hash) {
        return jdbi.withHandle(h -> Tx.failedRevision(h, app, hash));
    }

    public List<Revision> revisions(String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM revisions WHERE app = :app ORDER BY number")
                .bind("app", app).map((rs, ctx) -> Tx.revisionRow(rs)).list());
    }

    public Optional<Revision> revision(String app, int number) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM revisions WHERE app = :app AND number = :n")
                .bind("app", app).bind("n", number).map((rs, ctx) -> Tx.revisionRow(rs)).findOne());
    }

    public List<Instance> instances(String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances WHERE app = :app ORDER BY started_at, id")
                .bind("app", app).map((rs, ctx) -> Tx.instanceRow(rs)).list());
    }

    public List<Instance> allInstances() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM instances ORDER BY app, started_at, id")
                .map((rs, ctx) -> Tx.instanceRow(rs)).list());
    }

    public Optional<Instance> instance(String id) {
        return jdbi.withHandle(h -> Tx.instance(h, id));
    }

    public List<Route> routes() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM routes ORDER BY host, path_prefix")
                .map((rs, ctx) -> Tx.routeRow(rs)).list());
    }

    /** The routes of one app. */
    public List<Route> routes(String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM routes WHERE app = :app ORDER BY host, path_prefix")
                .bind("app", app).map((rs, ctx) -> Tx.routeRow(rs)).list());
    }

    /** The routes in maintenance, whichever app they belong to. */
    public Map<RouteKey, Maintenance> maintenance() {
        return jdbi.withHandle(h -> Tx.maintenance(h, null));
    }

    /** The routes of one app that are in maintenance. */
    public Map<RouteKey, Maintenance> maintenance(String app) {
        return jdbi.withHandle(h -> Tx.maintenance(h, app));
    }

    public long generation() {
        return jdbi.withHandle(h -> h.createQuery("SELECT value FROM counters WHERE name = 'route_generation'")
                .mapTo(Long.class).one());
    }

    /** Deployments, newest first; of one app and/or only the active ones when asked. */
    public List<Deployment> deployments(@Nullable String app, boolean activeOnly) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery("SELECT * FROM deployments WHERE 1 = 1" + (app == null ? "" : " AND app = :app")
                    + (activeOnly ? " AND status = 'ACTIVE'" : "") + " ORDER BY id DESC");
            if (app != null) {
                query.bind("app", app);
            }
            return query.map((rs, ctx) -> Tx.deploymentRow(rs)).list();
        });
    }

    public Optional<Deployment> deployment(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deployments WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> Tx.deploymentRow(rs)).findOne());
    }

    public Optional<Deployment> activeDeployment(String app) {
        return jdbi.withHandle(h -> Tx.activeDeployment(h, app));
    }

    /** The id of the newest event, 0 when the log is empty. */
    public long lastEventId() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM events").mapTo(Long.class).one());
    }

    /** Events after {@code afterId}, oldest first, optionally of one app. */
    public List<StoredEvent> events(long afterId, int limit, @Nullable String app) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM events WHERE id > :after"
                        + (app == null ? "" : " AND app = :app") + " ORDER BY id LIMIT :limit")
                .bind("after", afterId).bind("limit", limit).bind("app", app)
                .map((rs, ctx) -> new StoredEvent(rs.getLong("id"), Instant.parse(rs.getString("time")),
                        rs.getString("type"), rs.getString("app"), rs.getString("data")))
                .list());
    }

    // ---- writes, through a transaction ----

    /** The writes, valid inside one {@link #transaction}. */
    public static final class Tx {
        private final Handle h;

        Tx(Handle h) {
            this.h = h;
        }

        public Optional<AppRecord> app(String name) {
            return app(h, name);
        }

        public Optional<Instance> instance(String id) {
            return instance(h, id);
        }

        public void putApp(AppRecord app) {
            h.createUpdate("INSERT INTO apps (name, spec, revision, deleting, created_at, updated_at) "
                            + "VALUES (:name, :spec, :revision, :deleting, :created, :updated) "
                            + "ON CONFLICT (name) DO UPDATE SET spec = :spec, revision = :revision, "
                            + "deleting = :deleting, updated_at = :updated")
                    .bind("name", app.name()).bind("spec", Manifests.toJson(app.spec()))
                    .bind("revision", app.revision()).bind("deleting", app.deleting() ? 1 : 0)
                    .bind("created", app.createdAt().toString()).bind("updated", app.updatedAt().toString())
                    .execute();
        }

        /** Removes the app, its revisions and its routes. */
        public void deleteApp(String name) {
            h.createUpdate("DELETE FROM apps WHERE name = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM revisions WHERE app = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM failed_revisions WHERE app = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM maintenance WHERE (host, path_prefix) IN (SELECT host, path_prefix FROM routes WHERE app = :n)")
                    .bind("n", name).execute();
            h.createUpdate("DELETE FROM routes WHERE app = :n").bind("n", name).execute();
            h.createUpdate("DELETE FROM deployments WHERE app = :n").bind("n", name).execute();
        }

        public Optional<Deployment> activeDeployment(String app) {
            return activeDeployment(h, app);
        }

        /**
         * Replaces {@code seen} with {@code next} only if the stored deployment is still {@code seen}; false
         * when someone else (a cancel, a newer apply) changed it meanwhile, in which case nothing is written.
         */
        public boolean replaceDeployment(Deployment seen, Deployment next) {
            Optional<Deployment> stored = h.createQuery("SELECT * FROM deployments WHERE id = :id").bind("id", seen.id())
                    .map((rs, ctx) -> deploymentRow(rs)).findOne();
            if (stored.isEmpty() || !stored.get().equals(seen)) {
                return false;
            }
            putDeployment(next);
            return true;
        }

        /** Starts a deployment; returns it with its new id. */
        public Deployment insertDeployment(String app, StrategySpec.Type strategy, int from, int to, int oldAtStart, Instant now) {
            long id = h.createUpdate("INSERT INTO deployments (app, strategy, from_revision, to_revision, old_at_start, "
                            + "status, reason, message, progress, launch_failures, created_at, updated_at, progress_at) "
                            + "VALUES (:app, '-', 0, 0, 0, 'ACTIVE', 'DEPLOYING', '', '{}', 0, :now, :now, :now)")
                    .bind("app", app).bind("now", now.toString())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            Deployment deployment = Deployment.start(id, app, strategy, from, to, oldAtStart, now);
            putDeployment(deployment);
            return deployment;
        }

        public void putDeployment(Deployment d) {
            h.createUpdate("UPDATE deployments SET strategy = :strategy, from_revision = :from, to_revision = :to, "
                            + "old_at_start = :oldAtStart, status = :status, reason = :reason, message = :message, "
                            + "failure = :failure, progress = :progress, launch_failures = :launchFailures, "
                            + "updated_at = :updatedAt, progress_at = :progressAt, finished_at = :finishedAt, canary = :canary, "
                            + "blue_green = :blueGreen WHERE id = :id")
                    .bind("id", d.id()).bind("strategy", d.strategy().name()).bind("from", d.fromRevision())
                    .bind("to", d.toRevision()).bind("oldAtStart", d.oldAtStart()).bind("status", d.status().name())
                    .bind("reason", d.reason().name()).bind("message", d.message()).bind("failure", d.failure())
                    .bind("progress", Manifests.toJson(d.progress())).bind("launchFailures", d.launchFailures())
                    .bind("updatedAt", d.updatedAt().toString()).bind("progressAt", d.progressAt().toString())
                    .bind("finishedAt", d.finishedAt() == null ? null : d.finishedAt().toString())
                    .bind("canary", d.canary() == null ? null : Manifests.toJson(d.canary()))
                    .bind("blueGreen", d.blueGreen() == null ? null : Manifests.toJson(d.blueGreen()))
                    .execute();
        }

        static Optional<Deployment> activeDeployment(Handle h, String app) {
            return h.createQuery("SELECT * FROM deployments WHERE app = :app AND status = 'ACTIVE' ORDER BY id DESC LIMIT 1")
                    .bind("app", app).map((rs, ctx) -> deploymentRow(rs)).findOne();
        }

        static Deployment deploymentRow(java.sql.ResultSet rs) throws java.sql.SQLException {
            RollingPlanner.Progress progress;
            CanaryState canary;
            BlueGreenState blueGreen;
            try {
                progress = Manifests.json().readValue(rs.getString("progress"), RollingPlanner.Progress.class);
                String canaryJson = rs.getString("canary");
                canary = canaryJson == null ? null : Manifests.json().readValue(canaryJson, CanaryState.class);
                String blueGreenJson = rs.getString("blue_green");
                blueGreen = blueGreenJson == null ? null : Manifests.json().readValue(blueGreenJson, BlueGreenState.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("stored deployment " + rs.getLong("id") + " is not readable", e);
            }
            String finished = rs.getString("finished_at");
            return new Deployment(rs.getLong("id"), rs.getString("app"), StrategySpec.Type.valueOf(rs.getString("strategy")),
                    rs.getInt("from_revision"), rs.getInt("to_revision"), rs.getInt("old_at_start"),
                    Deployment.Status.valueOf(rs.getString("status")), Deployment.Reason.valueOf(rs.getString("reason")),
                    rs.getString("message"), rs.getString("failure"), progress, rs.getInt("launch_failures"),
                    Instant.parse(rs.getString("created_at")), Instant.parse(rs.getString("updated_at")),
                    Instant.parse(rs.getString("progress_at")), finished == null ? null : Instant.parse(finished), canary, blueGreen);
        }

        public void putRevision(Revision revision) {
            h.createUpdate("INSERT INTO revisions (app, number, hash, spec, created_at) "
                            + "VALUES (:app, :number, :hash, :spec, :created)")
                    .bind("app", revision.app()).bind("number", revision.number()).bind("hash", revision.hash())
                    .bind("spec", Manifests.toJson(revision.spec())).bind("created", revision.createdAt().toString())
                    .execute();
        }

        public Optional<Revision> revision(String app, int number) {
            return h.createQuery("SELECT * FROM revisions WHERE app = :app AND number = :n")
                    .bind("app", app).bind("n", number).map((rs, ctx) -> revisionRow(rs)).findOne();
        }

        /** Remembers that a deployment of {@code hash} failed. */
        public void putFailedRevision(FailedRevision failed) {
            h.createUpdate("INSERT OR REPLACE INTO failed_revisions (app, hash, deployment, failed_at, reason) "
                            + "VALUES (:app, :hash, :deployment, :at, :reason)")
                    .bind("app", failed.app()).bind("hash", failed.hash()).bind("deployment", failed.deployment())
                    .bind("at", failed.failedAt().toString()).bind("reason", failed.reason()).execute();
        }

        /** Forgets a failure of {@code hash}: a deployment of it succeeded. */
        public void clearFailedRevision(String app, String hash) {
            h.createUpdate("DELETE FROM failed_revisions WHERE app = :app AND hash = :hash").bind("app", app).bind("hash", hash).execute();
        }

        public Optional<FailedRevision> failedRevision(String app, String hash) {
            return failedRevision(h, app, hash);
        }

        static Optional<FailedRevision> failedRevision(Handle h, String app, String hash) {
            return h.createQuery("SELECT * FROM failed_revisions WHERE app = :app AND hash = :hash").bind("app", app).bind("hash", hash)
                    .map((rs, ctx) -> new FailedRevision(rs.getString("app"), rs.getString("hash"), rs.getLong("deployment"),
                            Instant.parse(rs.getString("failed_at")), rs.getString("reason"))).findOne();
        }

        /**
         * Deletes the oldest revisions beyond the newest {@code keep}, except those in {@code inUse} (the
         * current one, those with instances); returns the numbers deleted.
         */
        public List<Integer> pruneRevisions(String app, int keep, java.util.Set<Integer> inUse) {
            List<Integer> numbers = h.createQuery("SELECT number FROM revisions WHERE app = :app ORDER BY number DESC")
                    .bind("app", app).mapTo(Integer.class).list();
            List<Integer> deleted = new java.util.ArrayList<>();
            for (int i = keep; i < numbers.size(); i++) {
                int number = numbers.get(i);
                if (!inUse.contains(number)) {
                    h.createUpdate("DELETE FROM revisions WHERE app = :app AND number = :n").bind("app", app).bind("n", number).execute();
                    deleted.add(number);
                }
            }
            return deleted;
        }

        public Optional<Revision> latestRevision(String app) {
            return h.createQuery("SELECT * FROM revisions WHERE app = :app ORDER BY number DESC LIMIT 1")
                    .bind("app", app).map((rs, ctx) -> revisionRow(rs)).findOne();
        }

        public void putInstance(Instance i) {
            h.createUpdate("INSERT INTO instances (id, app, revision, host, port, pid, process_start, state, health, "
                            + "ready, started_at, log_file) VALUES (:id, :app, :revision, :host, :port, :pid, "
                            + ":processStart, :state, :health, :ready, :startedAt, :logFile) "
                            + "ON CONFLICT (id) DO UPDATE SET host = :host, port = :port, pid = :pid, process_start = :processStart, "
                            + "state = :state, health = :health, ready = :ready")
                    .bind("id", i.id()).bind("app", i.app()).bind("revision", i.revision()).bind("host", i.host())
                    .bind("port", i.port()).bind("pid", i.pid())
                    .bind("processStart", i.processStart() == null ? null : i.processStart().toString())
                    .bind("state", i.state().name()).bind("health", i.health().name()).bind("ready", i.ready() ? 1 : 0)
                    .bind("startedAt", i.startedAt().toString()).bind("logFile", i.logFile())
                    .execute();
        }

        public void deleteInstance(String id) {
            h.createUpdate("DELETE FROM instances WHERE id = :id").bind("id", id).execute();
        }

        public List<Route> routes() {
            return h.createQuery("SELECT * FROM routes ORDER BY host, path_prefix").map((rs, ctx) -> routeRow(rs)).list();
        }

        /** The routes of one app. */
        public List<Route> routes(String app) {
            return h.createQuery("SELECT * FROM routes WHERE app = :app ORDER BY host, path_prefix").bind("app", app)
                    .map((rs, ctx) -> routeRow(rs)).list();
        }

        /** The route of a host and path prefix, whichever app has it. */
        public Optional<Route> route(String host, String pathPrefix) {
            return h.createQuery("SELECT * FROM routes WHERE host = :host AND path_prefix = :path").bind("host", host)
                    .bind("path", pathPrefix).map((rs, ctx) -> routeRow(rs)).findOne();
        }

        public void putRoute(Route route) {
            h.createUpdate("INSERT INTO routes (host, path_prefix, app, source) VALUES (:host, :path, :app, :source)")
                    .bind("host", route.host()).bind("path", route.pathPrefix()).bind("app", route.app())
                    .bind("source", route.source().name()).execute();
        }

        /** Removes a route, and its maintenance with it. */
        public void deleteRoute(Route route) {
            h.createUpdate("DELETE FROM routes WHERE host = :host AND path_prefix = :path")
                    .bind("host", route.host()).bind("path", route.pathPrefix()).execute();
            putMaintenance(route, null, Instant.EPOCH);
        }

        /** Puts a route in maintenance, or takes it out when {@code maintenance} is null. */
        public void putMaintenance(Route route, @Nullable Maintenance maintenance, Instant since) {
            if (maintenance == null) {
                h.createUpdate("DELETE FROM maintenance WHERE host = :host AND path_prefix = :path")
                        .bind("host", route.host()).bind("path", route.pathPrefix()).execute();
                return;
            }
            h.createUpdate("INSERT OR REPLACE INTO maintenance (host, path_prefix, spec, since) VALUES (:host, :path, :spec, :since)")
                    .bind("host", route.host()).bind("path", route.pathPrefix())
                    .bind("spec", json(maintenance)).bind("since", since.toString()).execute();
        }

        /** A route's maintenance, if it is in maintenance. */
        public Optional<Maintenance> maintenance(Route route) {
            return h.createQuery("SELECT spec FROM maintenance WHERE host = :host AND path_prefix = :path")
                    .bind("host", route.host()).bind("path", route.pathPrefix()).mapTo(String.class).findOne()
                    .map(Tx::maintenanceOf);
        }

        static Map<RouteKey, Maintenance> maintenance(Handle h, @Nullable String app) {
            var query = h.createQuery("SELECT m.host, m.path_prefix, m.spec FROM maintenance m"
                    + (app == null ? "" : " JOIN routes r ON r.host = m.host AND r.path_prefix = m.path_prefix WHERE r.app = :app"));
            if (app != null) {
                query.bind("app", app);
            }
            Map<RouteKey, Maintenance> all = new java.util.HashMap<>();
            query.map((rs, ctx) -> Map.entry(new RouteKey(rs.getString("host"), rs.getString("path_prefix")),
                    maintenanceOf(rs.getString("spec")))).forEach(e -> all.put(e.getKey(), e.getValue()));
            return all;
        }

        private static Maintenance maintenanceOf(String json) {
            try {
                return Manifests.json().readValue(json, Maintenance.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("stored maintenance is not valid: " + e.getOriginalMessage(), e);
            }
        }

        private static String json(Object value) {
            try {
                return Manifests.json().writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Bumps and returns the route-table generation. */
        public long nextGeneration() {
            h.createUpdate("UPDATE counters SET value = value + 1 WHERE name = 'route_generation'").execute();
            return h.createQuery("SELECT value FROM counters WHERE name = 'route_generation'").mapTo(Long.class).one();
        }

        public StoredEvent appendEvent(Instant time, String type, @Nullable String app, String data) {
            long id = h.createUpdate("INSERT INTO events (time, type, app, data) VALUES (:time, :type, :app, :data)")
                    .bind("time", time.toString()).bind("type", type).bind("app", app).bind("data", data)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new StoredEvent(id, time, type, app, data);
        }

        static Optional<AppRecord> app(Handle h, String name) {
            return h.createQuery("SELECT * FROM apps WHERE name = :n").bind("n", name)
                    .map((rs, ctx) -> appRow(rs)).findOne();
        }

        static Optional<Instance> instance(Handle h, String id) {
            return h.createQuery("SELECT * FROM instances WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> instanceRow(rs)).findOne();
        }

        static AppRecord appRow(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new AppRecord(Manifests.fromStoredJson(rs.getString("spec")), rs.getInt("revision"),
                    rs.getInt("deleting") != 0, Instant.parse(rs.getString("created_at")),
                    Instant.parse(rs.getString("updated_at")));
        }

        static Revision revisionRow(java.sql.ResultSet rs) throws java.sql.SQLException {
            AppSpec spec = Manifests.fromStoredJson(rs.getString("spec"));
            return new Revision(rs.getString("app"), rs.getInt("number"), rs.getString("hash"), spec,
                    Instant.parse(rs.getString("created_at")));
        }

        static Instance instanceRow(java.sql.ResultSet rs) throws java.sql.SQLException {
            String processStart = rs.getString("process_start");
            return new Instance(rs.getString("id"), rs.getString("app"), rs.getInt("revision"), rs.getString("host"),
                    rs.getInt("port"), rs.getLong("pid"), processStart == null ? null : Instant.parse(processStart),
                    InstanceState.valueOf(rs.getString("state")), Health.valueOf(rs.getString("health")),
                    rs.getInt("ready") != 0, Instant.parse(rs.getString("started_at")), rs.getString("log_file"));
        }

        static Route routeRow(java.sql.ResultSet rs) throws java.sql.SQLException {
            return new Route(rs.getString("host"), rs.getString("path_prefix"), rs.getString("app"),
                    Route.Source.valueOf(rs.getString("source")));
        }
    }
}
