package io.cutover.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cutover.core.deploy.BlueGreenState;
import io.cutover.core.deploy.CanaryState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.RollingPlanner;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.AppProtocol;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceIdentity;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jspecify.annotations.Nullable;

/**
 * Rows of the store's schema read back as values, from SQLite or PostgreSQL alike. Both keep instants
 * as ISO-8601 text and nested values as JSON text, since SQLite has no timestamp or JSON columns and one
 * representation lets every query and mapping be written once; booleans are SQLite's 0 or 1 and
 * PostgreSQL's {@code boolean}, both read with {@link ResultSet#getBoolean}.
 */
final class SqlRows {

    static final RowMapper<AppRecord> APP = (rs, ctx) -> new AppRecord(Manifests.fromStoredJson(rs.getString("spec")),
            rs.getInt("revision"), rs.getBoolean("deleting"), instant(rs, "created_at"), instant(rs, "updated_at"));

    static final RowMapper<Revision> REVISION = (rs, ctx) -> {
        AppSpec spec = Manifests.fromStoredJson(rs.getString("spec"));
        return new Revision(rs.getString("app"), rs.getInt("number"), rs.getString("hash"), spec, instant(rs, "created_at"));
    };

    static final RowMapper<FailedRevision> FAILED_REVISION = (rs, ctx) -> new FailedRevision(rs.getString("app"),
            rs.getString("hash"), rs.getLong("deployment"), instant(rs, "failed_at"), rs.getString("reason"));

    static final RowMapper<Instance> INSTANCE = (rs, ctx) -> new Instance(rs.getString("id"), rs.getString("app"),
            rs.getInt("revision"), rs.getString("host"), rs.getInt("port"), rs.getLong("pid"), nullableInstant(rs, "process_start"),
            InstanceState.valueOf(rs.getString("state")), Health.valueOf(rs.getString("health")), rs.getBoolean("ready"),
            instant(rs, "started_at"), rs.getString("log_file"), identity(rs),
            AppProtocol.fromWord(rs.getString("protocol")));

    static final RowMapper<ApiToken> TOKEN = (rs, ctx) -> new ApiToken(rs.getString("name"),
            io.cutover.core.auth.Role.valueOf(rs.getString("role")), rs.getString("hash"), instant(rs, "created_at"),
            nullableInstant(rs, "expires_at"), rs.getString("created_by"));

    static final RowMapper<StoredCertificate> CERTIFICATE = (rs, ctx) -> new StoredCertificate(rs.getString("name"),
            rs.getString("certificate"), rs.getString("private_key"), List.of(rs.getString("hosts").split(" ")),
            rs.getString("serial"), instant(rs, "not_after"), instant(rs, "added_at"), rs.getString("added_by"));

    static final RowMapper<Route> ROUTE = (rs, ctx) -> new Route(rs.getString("host"), rs.getString("path_prefix"),
            rs.getString("app"), Route.Source.valueOf(rs.getString("source")));

    static final RowMapper<StoredEvent> EVENT = (rs, ctx) -> new StoredEvent(rs.getLong("id"), instant(rs, "time"),
            rs.getString("type"), rs.getString("app"), rs.getString("data"));

    static final RowMapper<Deployment> DEPLOYMENT = SqlRows::deployment;

    private SqlRows() {}

    private static Deployment deployment(ResultSet rs, StatementContext ctx) throws SQLException {
        RollingPlanner.Progress progress;
        CanaryState canary;
        BlueGreenState blueGreen;
        try {
            progress = Manifests.json().readValue(rs.getString("progress"), RollingPlanner.Progress.class);
            String canaryJson = rs.getString("canary");
            canary = canaryJson == null ? null : Manifests.json().readValue(canaryJson, CanaryState.class);
            String blueGreenJson = rs.getString("blue_green");
            blueGreen = blueGreenJson == null ? null : Manifests.json().readValue(blueGreenJson, BlueGreenState.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored deployment " + rs.getLong("id") + " is not readable", e);
        }
        return new Deployment(rs.getLong("id"), rs.getString("app"), StrategySpec.Type.valueOf(rs.getString("strategy")),
                rs.getInt("from_revision"), rs.getInt("to_revision"), rs.getInt("old_at_start"),
                Deployment.Status.valueOf(rs.getString("status")), Deployment.Reason.valueOf(rs.getString("reason")),
                rs.getString("message"), rs.getString("failure"), progress, rs.getInt("launch_failures"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "progress_at"),
                nullableInstant(rs, "finished_at"), canary, blueGreen);
    }

    /** A maintenance column's JSON read back. */
    static Maintenance maintenance(String json) {
        try {
            return Manifests.json().readValue(json, Maintenance.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored maintenance is not valid: " + e.getOriginalMessage(), e);
        }
    }

    /** An instant as the text a column holds; null stays null. */
    static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.parse(rs.getString(column));
    }

    private static @Nullable InstanceIdentity identity(ResultSet rs) throws SQLException {
        String uid = rs.getString("identity");
        return uid == null ? null : new InstanceIdentity(rs.getInt("identity_port"), uid);
    }

    private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : Instant.parse(text);
    }
}
