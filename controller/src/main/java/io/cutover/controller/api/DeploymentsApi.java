package io.cutover.controller.api;

import io.cutover.controller.engine.AppNotFoundException;
import io.cutover.controller.engine.AppChanges;
import io.cutover.controller.engine.DeploymentControls;
import io.cutover.core.deploy.DeploymentControl.Control;
import io.cutover.controller.engine.DeploymentNotFoundException;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.CanarySteps;
import io.cutover.core.deploy.BlueGreenState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.RollingBounds;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code /v1/deployments}: list, read, cancel; and {@code /v1/apps/{name}/plan}. */
final class DeploymentsApi {

    private final Store store;
    private final AppChanges apps;
    private final DeploymentControls controls;

    DeploymentsApi(Store store, AppChanges apps, DeploymentControls controls) {
        this.store = store;
        this.apps = apps;
        this.controls = controls;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/deployments", Access.VIEWER, ctx -> {
            String app = ctx.queryParam("app");
            if (app != null && store.app(app).isEmpty()) {
                throw new AppNotFoundException(app);
            }
            ctx.json(store.deployments(app, "true".equals(ctx.queryParam("active")), QueryParams.limit(ctx, Integer.MAX_VALUE)).stream().map(this::view).toList());
        });
        endpoints.get("/v1/deployments/{id}", Access.VIEWER, ctx -> ctx.json(view(deployment(ctx))));
        endpoints.post("/v1/deployments/{id}/cancel", Access.DEPLOYER, ctx -> ctx.json(view(controls.cancel(id(ctx)))));
        endpoints.post("/v1/deployments/{id}/continue", Access.DEPLOYER, ctx -> ctx.json(view(controls.control(id(ctx), Control.CONTINUE))));
        endpoints.post("/v1/deployments/{id}/promote", Access.DEPLOYER, ctx -> ctx.json(view(controls.control(id(ctx),
                full(ctx) ? Control.PROMOTE_FULL : Control.CONTINUE))));
        endpoints.post("/v1/deployments/{id}/pause", Access.DEPLOYER, ctx -> ctx.json(view(controls.control(id(ctx), Control.PAUSE))));
        endpoints.post("/v1/deployments/{id}/resume", Access.DEPLOYER, ctx -> ctx.json(view(controls.control(id(ctx), Control.RESUME))));
        endpoints.post("/v1/apps/{name}/plan", Access.VIEWER, ctx -> ctx.json(apps.preview(ctx.pathParam("name"), Manifests.parse(ctx.body()))));
    }

    private static boolean full(Context ctx) {
        String full = ctx.queryParam("full");
        if (full == null || full.equals("false")) {
            return false;
        }
        if (!full.equals("true")) {
            throw new BadRequestException("full", "\"" + full + "\" (expected: true or false)");
        }
        return true;
    }

    private Deployment deployment(Context ctx) {
        long id = id(ctx);
        return store.deployment(id).orElseThrow(() -> new DeploymentNotFoundException(id));
    }

    private static long id(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestException("id", "\"" + raw + "\" (expected: a deployment number)");
        }
    }

    Map<String, Object> view(Deployment d) {
        int desired = store.app(d.app()).map(a -> a.spec().instances()).orElse(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", d.id());
        out.put("app", d.app());
        out.put("strategy", d.strategy());
        out.put("fromRevision", d.fromRevision());
        out.put("toRevision", d.toRevision());
        out.put("status", d.status());
        out.put("reason", d.reason());
        out.put("message", d.message());
        out.put("failure", d.failure());
        store.app(d.app()).ifPresent(app -> out.put("bounds", RollingBounds.of(app.spec().strategy(), desired, d.oldAtStart())));
        out.put("step", d.progress().newRoutable());
        out.put("steps", d.target() == 0 ? 0 : desired);
        out.put("progress", d.progress());
        List<Map<String, Object>> perRevision = d.active() ? perRevision(store.instances(d.app())) : List.of();
        if (d.blueGreen() != null) {
            perRevision.forEach(row -> row.put("colour",
                    BlueGreenState.colour((Integer) row.get("revision"), d.fromRevision(), d.toRevision())));
        }
        out.put("instances", perRevision);
        out.put("launchFailures", d.launchFailures());
        out.put("createdAt", d.createdAt().toString());
        out.put("updatedAt", d.updatedAt().toString());
        out.put("progressAt", d.progressAt().toString());
        out.put("finishedAt", d.finishedAt() == null ? null : d.finishedAt().toString());
        if (d.canary() != null) {
            store.revision(d.app(), d.toRevision()).ifPresent(r -> out.put("canary",
                    CanaryView.of(d, CanarySteps.of(r.spec().strategy(), desired))));
        }
        if (d.blueGreen() != null) {
            out.put("blueGreen", blueGreen(d));
        }
        return out;
    }

    /** A blue-green deployment's phase, colours, checks, hand-off and what the operator can do now. */
    private static Map<String, Object> blueGreen(Deployment d) {
        BlueGreenState s = d.blueGreen();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("phase", d.active() ? s.phase().name() : "DONE");
        out.put("blue", d.fromRevision());
        out.put("green", d.toRevision());
        out.put("serving", d.active() && d.reason() != Deployment.Reason.CANCELING && s.switched() || d.reason() == Deployment.Reason.DEPLOYED
                ? "green" : "blue");
        out.put("preview", d.previewRevision() == null ? null : io.cutover.core.routing.RouteTableComposer.previewHost(d.app()));
        out.put("readyAt", s.readyAt() == null ? null : s.readyAt().toString());
        out.put("checksPassed", s.checksPassed());
        out.put("promote", s.promote());
        out.put("switchedAt", s.switchedAt() == null ? null : s.switchedAt().toString());
        out.put("handoff", s.handoff());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (var result : s.results()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("stage", switch (result.step()) {
                case io.cutover.core.deploy.BlueGreenPass.CHECKS -> "prePromotionChecks";
                case io.cutover.core.deploy.BlueGreenPass.PRE_PROMOTION -> "prePromotionAnalysis";
                default -> "postPromotionAnalysis";
            });
            row.put("verdict", result.verdict().name());
            row.put("reason", result.reason());
            row.put("at", result.at().toString());
            checks.add(row);
        }
        out.put("analysis", checks);
        List<String> actions;
        if (!d.active() || d.reason() == Deployment.Reason.CANCELING) {
            actions = List.of();
        } else if (s.switched()) {
            actions = List.of("cancel"); // a switch back while blue is warm
        } else {
            actions = List.of("promote", "cancel");
        }
        out.put("actions", actions);
        return out;
    }

    private static List<Map<String, Object>> perRevision(List<Instance> instances) {
        Map<Integer, int[]> counts = new TreeMap<>();
        for (Instance i : instances) {
            int[] c = counts.computeIfAbsent(i.revision(), r -> new int[4]);
            c[0]++;
            if (i.routable()) {
                c[1]++;
            } else if (i.state() == InstanceState.STARTING) {
                c[2]++;
            } else if (i.state() == InstanceState.STOPPING) {
                c[3]++;
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        counts.forEach((revision, c) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("revision", revision);
            row.put("total", c[0]);
            row.put("routable", c[1]);
            row.put("starting", c[2]);
            row.put("stopping", c[3]);
            out.add(row);
        });
        return out;
    }
}
