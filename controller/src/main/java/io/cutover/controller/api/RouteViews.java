package io.cutover.controller.api;

import io.cutover.controller.engine.RouteChanges;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON shape of a route (docs/api.md). */
final class RouteViews {

    private RouteViews() {}

    /** A route after a change, with the generation that carries it. */
    static Map<String, Object> describe(RouteChanges.Changed changed) {
        return describe(changed.route(), changed.generation(), changed.maintenance());
    }

    /** A route as the API shows it. */
    static Map<String, Object> describe(Route route, long generation) {
        return describe(route, generation, null);
    }

    /** A route as the API shows it, with its maintenance (the bypass secret left out). */
    static Map<String, Object> describe(Route route, long generation, @Nullable Maintenance maintenance) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", route.address());
        out.put("app", route.app());
        out.put("source", route.source().name().toLowerCase(Locale.ROOT));
        out.put("generation", generation);
        if (maintenance != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", maintenance.status());
            m.put("message", maintenance.messageFor(route.app()));
            m.put("retryAfter", maintenance.retryAfterSeconds());
            m.put("json", maintenance.json());
            m.put("headers", maintenance.headers());
            m.put("bypassHeader", maintenance.bypassHeader());
            out.put("maintenance", m);
        } else {
            out.put("maintenance", null);
        }
        return out;
    }

}
