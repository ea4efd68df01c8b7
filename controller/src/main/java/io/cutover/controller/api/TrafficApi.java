package io.cutover.controller.api;

import io.cutover.controller.engine.AppNotFoundException;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.model.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /v1/apps/{name}/traffic}: what the live routers counted for each revision that runs or is
 * current — requests, 5xx answers and the latency histogram, cumulative as each router counts — so a
 * reader takes two readings and has a window (the dashboard's chart does).
 */
final class TrafficApi {

    private final Store store;
    private final RoutePublisher routes;

    TrafficApi(Store store, RoutePublisher routes) {
        this.store = store;
        this.routes = routes;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/apps/{name}/traffic", Access.VIEWER, ctx -> {
            String name = ctx.pathParam("name");
            AppRecord app = store.app(name).orElseThrow(() -> new AppNotFoundException(name));
            TreeSet<Integer> revisions = new TreeSet<>();
            revisions.add(app.revision());
            store.instances(name).stream().map(Instance::revision).forEach(revisions::add);
            List<Map<String, Object>> out = new ArrayList<>();
            for (int revision : revisions) {
                RevisionCounters counted = routes.hub().counters(name, revision);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("revision", revision);
                row.put("requests", counted.requests());
                row.put("errors", counted.errors());
                row.put("latencyMicros", counted.latencyMicros());
                out.add(row);
            }
            ctx.json(Map.of("at", Instant.now().toString(), "revisions", out));
        });
    }
}
