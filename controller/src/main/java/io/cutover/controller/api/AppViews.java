package io.cutover.controller.api;

import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of apps, instances and revisions (docs/api.md). */
final class AppViews {

    private final Store store;
    private final RoutePublisher routes;

    AppViews(Store store, RoutePublisher routes) {
        this.store = store;
        this.routes = routes;
    }

    Map<String, Object> app(AppRecord app) {
        List<Instance> instances = store.instances(app.name());
        long live = instances.stream().filter(Instance::live).count();
        long healthy = instances.stream().filter(i -> i.live() && i.health() == io.cutover.core.model.Health.HEALTHY).count();
        long routable = instances.stream().filter(Instance::routable).count();
        int desired = app.spec().instances();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("desired", desired);
        counts.put("running", live);
        counts.put("healthy", healthy);
        counts.put("routable", routable);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", app.name());
        out.put("spec", app.spec());
        out.put("revision", app.revision());
        out.put("revisionHash", store.revision(app.name(), app.revision()).map(Revision::hash).orElse(""));
        out.put("instances", counts);
        out.put("routes", store.routes().stream().filter(r -> r.app().equals(app.name())).map(Route::address).toList());
        out.put("status", status(app, instances, routable));
        out.put("createdAt", app.createdAt().toString());
        out.put("updatedAt", app.updatedAt().toString());
        return out;
    }

    private static String status(AppRecord app, List<Instance> instances, long routable) {
        if (app.deleting()) {
            return "DELETING";
        }
        boolean settled = instances.stream().allMatch(i -> i.state() == InstanceState.RUNNING && i.revision() == app.revision())
                && instances.size() == app.spec().instances();
        if (settled && routable == app.spec().instances()) {
            return "RUNNING";
        }
        boolean changing = instances.stream().anyMatch(i -> i.state() == InstanceState.STARTING
                || i.state() == InstanceState.STOPPING || i.revision() != app.revision());
        return changing ? "DEPLOYING" : "DEGRADED";
    }

    Map<String, Object> instance(Instance i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id());
        out.put("app", i.app());
        out.put("revision", i.revision());
        out.put("host", i.host());
        out.put("port", i.port());
        out.put("pid", i.pid());
        out.put("state", i.state().name());
        out.put("health", i.health().name());
        out.put("ready", i.ready());
        out.put("routable", i.routable());
        out.put("startedAt", i.startedAt().toString());
        out.put("inFlight", routes.inFlight(i.id()));
        out.put("logFile", i.logFile());
        out.put("protocol", i.protocol().word());
        if (i.identity() != null) {
            out.put("identity", Map.of("port", i.identity().port(), "uid", i.identity().uid()));
        }
        return out;
    }

    /**
     * An app's revisions, oldest first, each with its last deployment's outcome, when it was last
     * deployed, whether it runs now, and the failure that bars its hash, if any.
     */
    List<Map<String, Object>> revisions(AppRecord app) {
        List<io.cutover.core.deploy.Deployment> deployments = store.deployments(app.name(), false); // newest first
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Revision r : store.revisions(app.name())) {
            Map<String, Object> row = revision(r);
            var last = deployments.stream().filter(d -> d.toRevision() == r.number()).findFirst();
            var deployed = deployments.stream().filter(d -> d.toRevision() == r.number()
                    && d.reason() == io.cutover.core.deploy.Deployment.Reason.DEPLOYED).findFirst();
            row.put("current", r.number() == app.revision());
            row.put("outcome", last.map(d -> d.reason().name()).orElse(null));
            row.put("deployedAt", deployed.map(d -> d.finishedAt() == null ? null : d.finishedAt().toString()).orElse(null));
            var failed = store.failedRevision(app.name(), r.hash());
            row.put("failed", failed.map(f -> Map.of("deployment", f.deployment(), "at", f.failedAt().toString(),
                    "reason", f.reason())).orElse(null));
            out.add(row);
        }
        return out;
    }

    static Map<String, Object> revision(Revision r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", r.app());
        out.put("number", r.number());
        out.put("hash", r.hash());
        out.put("createdAt", r.createdAt().toString());
        out.put("spec", r.spec());
        return out;
    }
}
