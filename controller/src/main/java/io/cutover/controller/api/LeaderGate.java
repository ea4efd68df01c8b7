package io.cutover.controller.api;

import io.cutover.controller.ha.LeaderView;
import io.cutover.core.ha.Lease;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * On a follower, sends what only the leader may answer to the leader (docs/ha.md): every call that
 * changes something, and the routers' side of the API (the leader's routing hub has the routers). A
 * {@code 307} keeps the method and body; when no controller leads, {@code 503} with {@code Retry-After}.
 * Reads are answered here, from the shared store.
 */
final class LeaderGate implements Handler {

    private final Supplier<LeaderView> leader;
    private final Clock clock;

    LeaderGate(Supplier<LeaderView> leader, Clock clock) {
        this.leader = leader;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx) {
        LeaderView view = leader.get();
        if (view.leading() || !leaderOnly(ctx)) {
            return;
        }
        Lease lease = view.lease();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> leading = ControllersApi.leaderOf(lease, clock.instant());
        if (leading != null && !lease.holder().equals(view.controller()) && !lease.address().isEmpty()) {
            String query = ctx.queryString();
            String location = lease.address() + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
            body.put("error", "not_leader");
            body.put("message", "this controller follows; " + ctx.method() + " " + ctx.path() + " goes to the leader, "
                    + "controller " + lease.holder() + " at " + lease.address());
            body.put("details", List.of());
            body.put("leader", leading);
            ctx.header("Location", location);
            ctx.status(307).json(body);
        } else {
            body.put("error", "no_leader");
            body.put("message", "no controller leads right now (term " + lease.term() + " ended); nothing changed, "
                    + "try again in a second");
            body.put("details", List.of());
            body.put("leader", null);
            ctx.header("Retry-After", "1");
            ctx.status(503).json(body);
        }
        ctx.skipRemainingHandlers();
    }

    /** Calls a follower may not answer: changes (a plan only reads), and the routers' endpoints. */
    private static boolean leaderOnly(Context ctx) {
        String path = ctx.endpointHandlerPath();
        if (path.startsWith("/v1/routing/") || path.equals("/v1/routers")) {
            return true;
        }
        HandlerType method = ctx.method();
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return false;
        }
        return !(method == HandlerType.POST && path.equals("/v1/apps/{name}/plan"));
    }
}
