package io.cutover.controller.store;

import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * {@link Store.Tx} on one connection, in SQL that SQLite and PostgreSQL both run (upserts are
 * {@code INSERT ... ON CONFLICT ... DO UPDATE}, counters {@code UPDATE ... RETURNING}), over the schema
 * both migration histories make ({@code db/migration/sqlite}, {@code db/migration/postgresql}).
 * {@link JdbcStore} also runs the reads both share on a connection of their own, outside a transaction,
 * so each query is written once.
 */
final class SqlTx implements Store.Tx {

    private final Handle h;
    private final long term;

    /** @param term the term the transaction is fenced with, 0 for none or for reads */
    SqlTx(Handle h, long term) {
        this.h = h;
        this.term = term;
    }

    // ---- apps and revisions ----

    @Override
    public Optional<AppRecord> app(String name) {
        return h.createQuery("SELECT * FROM apps WHERE name = :n").bind("n", name).map(SqlRows.APP).findOne();
    }

    @Override
    public void putApp(AppRecord app) {
        h.createUpdate("INSERT INTO apps (name, spec, revision, deleting, created_at, updated_at) "
                        + "VALUES (:name, :spec, :revision, :deleting, :created, :updated) "
                        + "ON CONFLICT (name) DO UPDATE SET spec = :spec, revision = :revision, "
                        + "deleting = :deleting, updated_at = :updated")
                .bind("name", app.name()).bind("spec", Manifests.toStoredJson(app.spec()))
                .bind("revision", app.revision()).bind("deleting", app.deleting())
                .bind("created", app.createdAt().toString()).bind("updated", app.updatedAt().toString())
                .execute();
    }

    @Override
    public void deleteApp(String name) {
        h.createUpdate("DELETE FROM apps WHERE name = :n").bind("n", name).execute();
        h.createUpdate("DELETE FROM revisions WHERE app = :n").bind("n", name).execute();
        h.createUpdate("DELETE FROM failed_revisions WHERE app = :n").bind("n", name).execute();
        h.createUpdate("DELETE FROM maintenance WHERE (host, path_prefix) IN (SELECT host, path_prefix FROM routes WHERE app = :n)")
                .bind("n", name).execute();
        h.createUpdate("DELETE FROM routes WHERE app = :n").bind("n", name).execute();
        h.createUpdate("DELETE FROM deployments WHERE app = :n").bind("n", name).execute();
    }

    @Override
    public void putRevision(Revision revision) {
        h.createUpdate("INSERT INTO revisions (app, number, hash, spec, created_at) "
                        + "VALUES (:app, :number, :hash, :spec, :created)")
                .bind("app", revision.app()).bind("number", revision.number()).bind("hash", revision.hash())
                .bind("spec", Manifests.toStoredJson(revision.spec())).bind("created", revision.createdAt().toString())
                .execute();
    }

    @Override
    public Optional<Revision> revision(String app, int number) {
        return h.createQuery("SELECT * FROM revisions WHERE app = :app AND number = :n")
                .bind("app", app).bind("n", number).map(SqlRows.REVISION).findOne();
    }

    @Override
    public Optional<Revision> latestRevision(String app) {
        return h.createQuery("SELECT * FROM revisions WHERE app = :app ORDER BY number DESC LIMIT 1")
                .bind("app", app).map(SqlRows.REVISION).findOne();
    }

    @Override
    public List<Integer> pruneRevisions(String app, int keep, Set<Integer> inUse) {
        List<Integer> numbers = h.createQuery("SELECT number FROM revisions WHERE app = :app ORDER BY number DESC")
                .bind("app", app).mapTo(Integer.class).list();
        List<Integer> deleted = new ArrayList<>();
        for (int i = keep; i < numbers.size(); i++) {
            int number = numbers.get(i);
            if (!inUse.contains(number)) {
                h.createUpdate("DELETE FROM revisions WHERE app = :app AND number = :n").bind("app", app).bind("n", number).execute();
                deleted.add(number);
            }
        }
        return deleted;
    }

    @Override
    public void putFailedRevision(FailedRevision failed) {
        h.createUpdate("INSERT INTO failed_revisions (app, hash, deployment, failed_at, reason) "
                        + "VALUES (:app, :hash, :deployment, :at, :reason) ON CONFLICT (app, hash) DO UPDATE SET "
                        + "deployment = excluded.deployment, failed_at = excluded.failed_at, reason = excluded.reason")
                .bind("app", failed.app()).bind("hash", failed.hash()).bind("deployment", failed.deployment())
                .bind("at", failed.failedAt().toString()).bind("reason", failed.reason()).execute();
    }

    @Override
    public void clearFailedRevision(String app, String hash) {
        h.createUpdate("DELETE FROM failed_revisions WHERE app = :app AND hash = :hash").bind("app", app).bind("hash", hash).execute();
    }

    @Override
    public Optional<FailedRevision> failedRevision(String app, String hash) {
        return h.createQuery("SELECT * FROM failed_revisions WHERE app = :app AND hash = :hash").bind("app", app)
                .bind("hash", hash).map(SqlRows.FAILED_REVISION).findOne();
    }

    // ---- instances ----

    @Override
    public Optional<Instance> instance(String id) {
        return h.createQuery("SELECT * FROM instances WHERE id = :id").bind("id", id).map(SqlRows.INSTANCE).findOne();
    }

    @Override
    public List<Instance> instances(String app) {
        return h.createQuery("SELECT * FROM instances WHERE app = :app ORDER BY started_at, id")
                .bind("app", app).map(SqlRows.INSTANCE).list();
    }

    @Override
    public void putInstance(Instance i) {
        h.createUpdate("INSERT INTO instances (id, app, revision, host, port, pid, process_start, state, health, "
                        + "ready, started_at, log_file, identity_port, identity, protocol) VALUES (:id, :app, :revision, :host, :port, "
                        + ":pid, :processStart, :state, :health, :ready, :startedAt, :logFile, :identityPort, :identity, :protocol) "
                        + "ON CONFLICT (id) DO UPDATE SET host = :host, port = :port, pid = :pid, process_start = :processStart, "
                        + "state = :state, health = :health, ready = :ready, identity_port = :identityPort, identity = :identity")
                .bind("id", i.id()).bind("app", i.app()).bind("revision", i.revision()).bind("host", i.host())
                .bind("port", i.port()).bind("pid", i.pid()).bind("processStart", SqlRows.text(i.processStart()))
                .bind("state", i.state().name()).bind("health", i.health().name()).bind("ready", i.ready())
                .bind("startedAt", i.startedAt().toString()).bind("logFile", i.logFile())
                .bind("identityPort", i.identity() == null ? null : i.identity().port())
                .bind("identity", i.identity() == null ? null : i.identity().uid())
                .bind("protocol", i.protocol().word())
                .execute();
    }

    @Override
    public void deleteInstance(String id) {
        h.createUpdate("DELETE FROM instances WHERE id = :id").bind("id", id).execute();
    }

    // ---- routes and maintenance ----

    @Override
    public List<Route> routes() {
        return h.createQuery("SELECT * FROM routes ORDER BY host, path_prefix").map(SqlRows.ROUTE).list();
    }

    @Override
    public List<Route> routes(String app) {
        return h.createQuery("SELECT * FROM routes WHERE app = :app ORDER BY host, path_prefix").bind("app", app)
                .map(SqlRows.ROUTE).list();
    }

    @Override
    public Optional<Route> route(String host, String pathPrefix) {
        return h.createQuery("SELECT * FROM routes WHERE host = :host AND path_prefix = :path").bind("host", host)
                .bind("path", pathPrefix).map(SqlRows.ROUTE).findOne();
    }

    @Override
    public void putRoute(Route route) {
        h.createUpdate("INSERT INTO routes (host, path_prefix, app, source) VALUES (:host, :path, :app, :source)")
                .bind("host", route.host()).bind("path", route.pathPrefix()).bind("app", route.app())
                .bind("source", route.source().name()).execute();
    }

    @Override
    public void deleteRoute(Route route) {
        h.createUpdate("DELETE FROM routes WHERE host = :host AND path_prefix = :path")
                .bind("host", route.host()).bind("path", route.pathPrefix()).execute();
        putMaintenance(route, null, Instant.EPOCH);
    }

    @Override
    public void putMaintenance(Route route, @Nullable Maintenance maintenance, Instant since) {
        if (maintenance == null) {
            h.createUpdate("DELETE FROM maintenance WHERE host = :host AND path_prefix = :path")
                    .bind("host", route.host()).bind("path", route.pathPrefix()).execute();
            return;
        }
        h.createUpdate("INSERT INTO maintenance (host, path_prefix, spec, since) VALUES (:host, :path, :spec, :since) "
                        + "ON CONFLICT (host, path_prefix) DO UPDATE SET spec = excluded.spec, since = excluded.since")
                .bind("host", route.host()).bind("path", route.pathPrefix())
                .bind("spec", Manifests.toJson(maintenance)).bind("since", since.toString()).execute();
    }

    @Override
    public Map<RouteKey, Maintenance> maintenance(String app) {
        return maintenance(h, app);
    }

    /** The maintenance of every route in maintenance, or of those of {@code app}, by route. */
    static Map<RouteKey, Maintenance> maintenance(Handle h, @Nullable String app) {
        var query = h.createQuery("SELECT m.host, m.path_prefix, m.spec FROM maintenance m"
                + (app == null ? "" : " JOIN routes r ON r.host = m.host AND r.path_prefix = m.path_prefix WHERE r.app = :app"));
        if (app != null) {
            query.bind("app", app);
        }
        Map<RouteKey, Maintenance> all = new HashMap<>();
        query.map((rs, ctx) -> Map.entry(new RouteKey(rs.getString("host"), rs.getString("path_prefix")),
                SqlRows.maintenance(rs.getString("spec")))).forEach(e -> all.put(e.getKey(), e.getValue()));
        return all;
    }

    @Override
    public Optional<Maintenance> maintenance(Route route) {
        return h.createQuery("SELECT spec FROM maintenance WHERE host = :host AND path_prefix = :path")
                .bind("host", route.host()).bind("path", route.pathPrefix()).mapTo(String.class).findOne()
                .map(SqlRows::maintenance);
    }

    @Override
    public long nextGeneration() {
        // one statement: the row is locked from the update to the commit, so no other writer gets the same value
        return h.createQuery("UPDATE counters SET value = value + 1 WHERE name = 'route_generation' RETURNING value")
                .mapTo(Long.class).one();
    }

    @Override
    public void putRouter(RouterRecord router) {
        h.createUpdate("INSERT INTO routers (id, address, token, joined_at) VALUES (:id, :address, :token, :joined) "
                        + "ON CONFLICT (id) DO UPDATE SET address = :address, token = :token, joined_at = :joined")
                .bind("id", router.id()).bind("address", router.address()).bind("token", router.token())
                .bind("joined", router.joinedAt().toString()).execute();
    }

    @Override
    public void deleteRouter(String id) {
        h.createUpdate("DELETE FROM routers WHERE id = :id").bind("id", id).execute();
    }

    @Override
    public long term() {
        return term;
    }

    long generation() {
        return h.createQuery("SELECT value FROM counters WHERE name = 'route_generation'").mapTo(Long.class).one();
    }

    // ---- deployments ----

    @Override
    public Deployment insertDeployment(String app, StrategySpec.Type strategy, int from, int to, int oldAtStart, Instant now) {
        // the row first, for its id; then the deployment as Deployment.start makes it
        long id = h.createUpdate("INSERT INTO deployments (app, strategy, from_revision, to_revision, old_at_start, "
                        + "status, reason, message, progress, launch_failures, created_at, updated_at, progress_at) "
                        + "VALUES (:app, '-', 0, 0, 0, 'ACTIVE', 'DEPLOYING', '', '{}', 0, :now, :now, :now)")
                .bind("app", app).bind("now", now.toString())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        Deployment deployment = Deployment.start(id, app, strategy, from, to, oldAtStart, now);
        putDeployment(deployment);
        return deployment;
    }

    @Override
    public Optional<Deployment> activeDeployment(String app) {
        return h.createQuery("SELECT * FROM deployments WHERE app = :app AND status = 'ACTIVE' ORDER BY id DESC LIMIT 1")
                .bind("app", app).map(SqlRows.DEPLOYMENT).findOne();
    }

    Optional<Deployment> deployment(long id) {
        return h.createQuery("SELECT * FROM deployments WHERE id = :id").bind("id", id).map(SqlRows.DEPLOYMENT).findOne();
    }

    @Override
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
                .bind("finishedAt", SqlRows.text(d.finishedAt()))
                .bind("canary", d.canary() == null ? null : Manifests.toJson(d.canary()))
                .bind("blueGreen", d.blueGreen() == null ? null : Manifests.toJson(d.blueGreen()))
                .execute();
    }

    @Override
    public boolean replaceDeployment(Deployment seen, Deployment next) {
        Optional<Deployment> stored = deployment(seen.id());
        if (stored.isEmpty() || !stored.get().equals(seen)) {
            return false;
        }
        putDeployment(next);
        return true;
    }

    // ---- events ----

    @Override
    public StoredEvent appendEvent(Instant time, String type, @Nullable String app, String data) {
        long id = h.createUpdate("INSERT INTO events (time, type, app, data) VALUES (:time, :type, :app, :data)")
                .bind("time", time.toString()).bind("type", type).bind("app", app).bind("data", data)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return new StoredEvent(id, time, type, app, data);
    }

    // ---- tokens ----

    @Override
    public Optional<ApiToken> token(String name) {
        return h.createQuery("SELECT * FROM tokens WHERE name = :name").bind("name", name).map(SqlRows.TOKEN).findOne();
    }

    @Override
    public void insertToken(ApiToken token) {
        h.createUpdate("INSERT INTO tokens (name, role, hash, created_at, expires_at, created_by) "
                        + "VALUES (:name, :role, :hash, :created, :expires, :by)")
                .bind("name", token.name()).bind("role", token.role().name()).bind("hash", token.hash())
                .bind("created", token.created().toString())
                .bind("expires", token.expires() == null ? null : token.expires().toString())
                .bind("by", token.createdBy()).execute();
    }

    @Override
    public boolean deleteToken(String name) {
        return h.createUpdate("DELETE FROM tokens WHERE name = :name").bind("name", name).execute() > 0;
    }

    // ---- certificates ----

    @Override
    public void putCertificate(StoredCertificate certificate) {
        h.createUpdate("INSERT INTO certificates (name, certificate, private_key, hosts, serial, not_after, added_at, added_by) "
                        + "VALUES (:name, :certificate, :key, :hosts, :serial, :notAfter, :addedAt, :by) "
                        + "ON CONFLICT (name) DO UPDATE SET certificate = :certificate, private_key = :key, hosts = :hosts, "
                        + "serial = :serial, not_after = :notAfter, added_at = :addedAt, added_by = :by")
                .bind("name", certificate.name()).bind("certificate", certificate.certificate()).bind("key", certificate.key())
                .bind("hosts", String.join(" ", certificate.hosts())).bind("serial", certificate.serial())
                .bind("notAfter", certificate.notAfter().toString()).bind("addedAt", certificate.addedAt().toString())
                .bind("by", certificate.addedBy()).execute();
    }

    @Override
    public boolean deleteCertificate(String name) {
        return h.createUpdate("DELETE FROM certificates WHERE name = :name").bind("name", name).execute() > 0;
    }
}
