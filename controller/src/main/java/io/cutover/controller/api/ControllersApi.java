package io.cutover.controller.api;

import io.cutover.controller.ha.LeaderView;
import io.cutover.controller.store.ControllerRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.ha.Lease;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@code /healthz} with this controller's role, and the list of controllers that share the store. */
final class ControllersApi {

    private final Store store;
    private final Supplier<LeaderView> leader;
    private final Clock clock;

    ControllersApi(Store store, Supplier<LeaderView> leader, Clock clock) {
        this.store = store;
        this.leader = leader;
        this.clock = clock;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/healthz", Access.OPEN, this::health);
        endpoints.get("/v1/controllers", Access.VIEWER, this::controllers);
    }

    private void health(Context ctx) {
        LeaderView view = leader.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("version", ApiServer.VERSION);
        body.put("role", view.role());
        body.put("term", view.term());
        body.put("controller", view.controller());
        body.put("leader", leaderOf(view.lease(), clock.instant()));
        ctx.json(body);
    }

    private void controllers(Context ctx) {
        LeaderView view = leader.get();
        Lease lease = store.lease();
        @Nullable Map<String, Object> leading = leaderOf(lease, clock.instant());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ControllerRecord record : store.controllers()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", record.id());
            row.put("address", record.address());
            row.put("role", leading != null && lease.holder().equals(record.id()) ? "leader" : "follower");
            row.put("version", record.version());
            row.put("startedAt", record.startedAt().toString());
            row.put("lastSeen", record.seenAt().toString());
            row.put("self", record.id().equals(view.controller()));
            rows.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("term", lease.term());
        body.put("leader", leading);
        body.put("controllers", rows);
        ctx.json(body);
    }

    /** The lease's holder at {@code now} as the API shows it ({@code /healthz}, a follower's 307), or null. */
    static @Nullable Map<String, Object> leaderOf(Lease lease, Instant now) {
        if (!lease.held(now)) {
            return null;
        }
        Map<String, Object> leading = new LinkedHashMap<>();
        leading.put("controller", lease.holder());
        leading.put("address", lease.address());
        leading.put("term", lease.term());
        leading.put("expiresAt", lease.expiresAt().toString());
        return leading;
    }
}
