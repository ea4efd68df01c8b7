package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.deploy.BlueGreenPlanner;
import io.cutover.core.deploy.BlueGreenState;
import io.cutover.core.deploy.CanaryState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.AnalysisSpec;
import io.cutover.core.manifest.HttpProbe;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import io.cutover.core.routing.RouteTableComposer;
import io.cutover.router.RouterClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Runs the passes of blue-green deployments for the {@link Engine} (DESIGN §6): starts green beside blue,
 * runs the hand-off hook, the pre-promotion probes (through the preview route of a live router) and
 * analyses, switches in one route-table generation confirmed by every router, keeps blue warm, and
 * switches back when post-promotion analysis fails.
 *
 * <p>Called on the app's worker thread only, except {@link #whenSwitched}.
 */
final class BlueGreenDriver {

    private final Store store;
    private final EventLog events;
    private final RoutePublisher routes;
    private final Clock clock;
    private final DeploymentHost engine;
    private final Map<Long, List<CompletableFuture<Deployment>>> switchWaiters = new ConcurrentHashMap<>();

    BlueGreenDriver(Store store, EventLog events, RoutePublisher routes, Clock clock, DeploymentHost engine) {
        this.store = store;
        this.events = events;
        this.routes = routes;
        this.clock = clock;
        this.engine = engine;
    }

    /**
     * Completes once deployment {@code id} switched to green (every router confirmed it), or stopped
     * being able to (it failed, was canceled or superseded): with the deployment then.
     */
    CompletableFuture<Deployment> whenSwitched(long id) {
        CompletableFuture<Deployment> future = new CompletableFuture<>();
        switchWaiters.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(future);
        store.deployment(id).filter(d -> !d.active() || d.blueGreen() == null || d.blueGreen().switchedAt() != null
                || d.reason() == Deployment.Reason.CANCELING).ifPresent(d -> settle(d));
        return future;
    }

    private void settle(Deployment deployment) {
        List<CompletableFuture<Deployment>> waiting = switchWaiters.remove(deployment.id());
        if (waiting != null) {
            waiting.forEach(f -> f.complete(deployment));
        }
    }

    /** One pass of an active blue-green deployment that has a blue revision (not canceling). */
    void pass(AppRecord app, Deployment deployment, List<Instance> instances, Instant now) {
        StrategySpec strategy = app.spec().strategy();
        int desired = app.spec().instances();
        BlueGreenState state = deployment.blueGreen();
        if (state.blueBaseline() == null) {
            state = state.withBaseline(counters(app, deployment.fromRevision()));
        }
        if (state.phase() == BlueGreenState.Phase.DEPLOYING && deployment.reason() == Deployment.Reason.DEPLOYING
                && !now.isBefore(deployment.progressAt().plusSeconds(strategy.progressDeadlineSeconds()))) {
            engine.fail(app, deployment, "no progress for " + strategy.progressDeadlineSeconds() + "s (progressDeadlineSeconds)");
            return;
        }
        var handoff = app.spec().hooks() == null ? null : app.spec().hooks().handoff();
        BlueGreenPlanner.Pass pass = BlueGreenPlanner.plan(strategy, handoff, desired, deployment.fromRevision(),
                deployment.toRevision(), state, instances, now);
        engine.execute(app, pass.actions(), now);
        state = pass.state();
        String message = describe(pass, deployment, desired);
        String failure = null;
        boolean switchNow = false;
        String eventType = null; // handoff_completed or analysis_result, with eventData
        Map<String, Object> event = null;

        if (pass.due() != null) {
            switch (pass.due()) {
                case HANDOFF -> {
                    Handoff.Outcome outcome = Handoff.run(handoff, app.name(), deployment.fromRevision(),
                            instances.stream().filter(i -> i.revision() == deployment.fromRevision()).toList(),
                            Path.of("").toAbsolutePath());
                    if (outcome.ok()) {
                        state = state.handedOff(outcome.output());
                        message = "hand-off from revision " + deployment.fromRevision() + " done (" + outcome.output().length()
                                + " characters); " + (handoff.before() == io.cutover.core.manifest.Hooks.Before.START
                                        ? "starting green" : "switching");
                        eventType = "handoff_completed";
                        event = Map.of("deployment", deployment.id(), "output", outcome.output());
                    } else {
                        failure = "hand-off hook failed, nothing switched, blue keeps serving: " + outcome.output();
                    }
                }
                case CHECKS -> {
                    String problem = probe(app.name(), strategy.prePromotionChecks());
                    if (problem != null) {
                        failure = "pre-promotion check failed: " + problem;
                    } else {
                        String passed = strategy.prePromotionChecks().size() + " probe(s) through "
                                + RouteTableComposer.previewHost(app.name()) + " answered as expected";
                        state = state.recorded(new CanaryState.AnalysisResult(BlueGreenPlanner.CHECKS, CanaryJudge.Verdict.PASS,
                                passed, now, false));
                        message = passed;
                    }
                }
                case ANALYSIS_BEGIN -> state = state.analyzing(new CanaryState.AnalysisWindow(now,
                        counters(app, deployment.fromRevision()), counters(app, deployment.toRevision())));
                case ANALYSIS_JUDGE -> {
                    boolean post = pass.stage() == BlueGreenPlanner.POST_PROMOTION;
                    AnalysisSpec spec = post ? strategy.postPromotionAnalysis() : strategy.prePromotionAnalysis();
                    CanaryJudge.Sample blue = post
                            ? (state.blueBeforeSwitch() == null ? RevisionCounters.NONE : state.blueBeforeSwitch()).sample()
                            : counters(app, deployment.fromRevision()).since(state.window().stable()).sample();
                    CanaryJudge.Sample green = counters(app, deployment.toRevision()).since(state.window().canary()).sample();
                    CanaryJudge.Judgement judgement = CanaryJudge.judge(blue, green, new CanaryJudge.Thresholds(spec.maxErrorRate(),
                            spec.maxErrorRateIncrease(), spec.latencyTolerance(), spec.confidence(), spec.minSamples()));
                    state = state.recorded(new CanaryState.AnalysisResult(pass.stage(), judgement.verdict(), judgement.reason(), now, false));
                    String which = post ? "post-promotion analysis" : "pre-promotion analysis";
                    message = which + ": " + judgement.verdict() + " — " + judgement.reason();
                    eventType = "analysis_result";
                    event = Map.of("deployment", deployment.id(), "stage", post ? "postPromotion" : "prePromotion",
                            "verdict", judgement.verdict().name(), "reason", judgement.reason());
                    if (judgement.verdict() == CanaryJudge.Verdict.FAIL) {
                        failure = which + " failed" + (post ? ", switched back to revision " + deployment.fromRevision() : "")
                                + ": " + judgement.reason();
                    }
                }
                case SWITCH -> switchNow = true;
            }
        }

        if (failure != null) {
            if (event != null) {
                events.append(eventType, app.name(), event); // the verdict that failed it
            }
            rollBack(app, deployment, state, failure);
            return;
        }
        boolean preInconclusive = pass.waitsForPromotion() && !state.checksPassed();
        if (preInconclusive) {
            message = "pre-promotion analysis inconclusive (" + state.results().get(state.results().size() - 1).reason()
                    + "); promote to switch anyway, or cancel";
        }
        boolean paused = pass.waitsForPromotion();
        Deployment.Reason reason = paused ? Deployment.Reason.PAUSED : Deployment.Reason.DEPLOYING;
        if (switchNow) {
            state = state.switching();
            message = "switching every router to revision " + deployment.toRevision() + " (green)";
        }
        Deployment next = deployment.observe(pass.progress(), message, now).withBlueGreen(state, reason, message, now);
        if (pass.complete()) {
            settle(next);
            engine.finish(app, deployment, next, desired, now);
            return;
        }
        String hookEventType = eventType;
        Map<String, Object> hookEvent = event;
        boolean phaseChanged = next.blueGreen().phase() != deployment.blueGreen().phase();
        boolean pausedNow = paused && deployment.reason() != Deployment.Reason.PAUSED;
        boolean written = store.transaction(tx -> {
            if (!tx.replaceDeployment(deployment, next)) {
                return false;
            }
            if (phaseChanged) {
                events.append(tx, "deployment_phase", app.name(), phaseEvent(next));
            }
            if (pausedNow) {
                events.append(tx, "deployment_paused", app.name(), Map.of("deployment", next.id(), "message", next.message()));
            }
            if (hookEvent != null) {
                events.append(tx, hookEventType, app.name(), hookEvent);
            }
            return true;
        });
        events.published(events.lastId());
        if (!written) {
            engine.passIn(app.name(), Duration.ZERO);
            return;
        }
        if (switchNow) {
            routes.publishAndConfirm(app.name()); // one generation: everything to green, every router confirmed
            Instant at = clock.instant();
            RevisionCounters blueTraffic = counters(app, deployment.fromRevision()).since(next.blueGreen().blueBaseline());
            Deployment switched = next.withBlueGreen(next.blueGreen().switchedAt(at, blueTraffic), Deployment.Reason.DEPLOYING,
                    "switched to revision " + deployment.toRevision() + " (green); blue (revision " + deployment.fromRevision()
                            + ") stays warm for " + strategy.scaleDownDelaySeconds() + "s", at);
            boolean recorded = store.transaction(tx -> {
                if (!tx.replaceDeployment(next, switched)) {
                    return false;
                }
                events.append(tx, "deployment_switched", app.name(), phaseEvent(switched));
                return true;
            });
            events.published(events.lastId());
            if (recorded) {
                settle(switched);
            }
            engine.passIn(app.name(), Duration.ZERO);
            return;
        }
        if (pass.due() != null) {
            engine.passIn(app.name(), Duration.ZERO);
        }
        if (pass.wakeAt() != null) {
            engine.passIn(app.name(), Duration.between(now, pass.wakeAt()));
        }
        if (reason == Deployment.Reason.DEPLOYING && state.phase() == BlueGreenState.Phase.DEPLOYING) {
            engine.passIn(app.name(), Duration.between(now, next.progressAt().plusSeconds(strategy.progressDeadlineSeconds())));
        }
    }

    private static Map<String, Object> phaseEvent(Deployment d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deployment", d.id());
        data.put("phase", d.blueGreen().phase().name());
        data.put("blue", d.fromRevision());
        data.put("green", d.toRevision());
        data.put("message", d.message());
        return data;
    }

    private String describe(BlueGreenPlanner.Pass pass, Deployment d, int desired) {
        BlueGreenState s = pass.state();
        String counts = "green " + pass.progress().newRoutable() + "/" + desired + " ready, blue " + pass.progress().oldLive();
        return switch (s.phase()) {
            case DEPLOYING -> "starting green (revision " + d.toRevision() + ") beside blue: " + counts;
            case DUAL_RUNNING -> pass.waitsForPromotion()
                    ? "green ready on " + RouteTableComposer.previewHost(d.app()) + " (" + counts + "); promote to switch, or cancel"
                    : s.checksPassed() ? "green ready and checked (" + counts + "); switching at " + pass.wakeAt()
                            : "green ready; running pre-promotion checks (" + counts + ")";
            case SWITCHING -> "switching to green (" + counts + ")";
            case TEARDOWN -> pass.complete() ? "done" : "green serves; blue kept warm until " + pass.wakeAt() + " (" + counts + ")";
        };
    }

    /** Sends every probe through the preview host of a live router; the first problem, or null. */
    private @Nullable String probe(String app, List<HttpProbe> probes) {
        String address = null;
        for (Map<String, Object> router : routes.hub().describe()) {
            if (Boolean.TRUE.equals(router.get("live")) && router.get("address") instanceof String a) {
                address = a.startsWith("0.0.0.0:") ? "127.0.0.1" + a.substring(7) : a;
                break;
            }
        }
        if (address == null) {
            return "no live router to send the probes through";
        }
        String host = RouteTableComposer.previewHost(app);
        for (HttpProbe probe : probes) {
            try {
                RouterClient.Answer answer = RouterClient.at(address, Duration.ofSeconds(10)).get(host, probe.path());
                if (answer.status() != probe.status()) {
                    return "GET " + probe.path() + " → " + answer.status() + " (expected " + probe.status() + "): "
                            + clip(answer.body());
                }
                if (probe.bodyContains() != null && !answer.body().contains(probe.bodyContains())) {
                    return "GET " + probe.path() + " → body without \"" + probe.bodyContains() + "\": " + clip(answer.body());
                }
            } catch (java.io.IOException e) {
                return "GET " + probe.path() + " through " + address + " failed: " + e;
            }
        }
        return null;
    }

    private static String clip(String body) {
        String line = body.strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private RevisionCounters counters(AppRecord app, int revision) {
        return routes.hub().counters(app.name(), revision);
    }

    /**
     * Aborts or switches back: the deployment fails and rolls back to blue (weights first, confirmed by
     * every router), then green is drained and stopped. Blue was never touched before the switch; after
     * it, blue is still warm.
     */
    private void rollBack(AppRecord app, Deployment deployment, BlueGreenState state, String why) {
        Instant now = clock.instant();
        // the verdicts and hook output that decided it stay on the deployment
        Deployment canceling = deployment.withBlueGreen(state, deployment.reason(), deployment.message(), now)
                .failed(why, Deployment.Reason.CANCELING, now);
        if (engine.rollBack(app, deployment, canceling, why)) {
            settle(canceling);
        }
    }
}
