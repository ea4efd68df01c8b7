package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.deploy.CanaryPlanner;
import io.cutover.core.deploy.CanaryState;
import io.cutover.core.deploy.CanarySteps;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs the passes of canary deployments for the {@link Engine} (DESIGN §6): the planner takes the steps
 * it can; a new weight is published and confirmed by every router before the next pass; analysis windows
 * (a step's, and the background one) are opened and judged on the routers' per-revision counters; a
 * failed analysis or a pause nobody answered in time rolls the canary back, weights first.
 *
 * <p>Called on the app's worker thread only.
 */
final class CanaryDriver {

    private final Store store;
    private final EventLog events;
    private final RoutePublisher routes;
    private final Clock clock;
    private final DeploymentHost engine;

    CanaryDriver(Store store, EventLog events, RoutePublisher routes, Clock clock, DeploymentHost engine) {
        this.store = store;
        this.events = events;
        this.routes = routes;
        this.clock = clock;
        this.engine = engine;
    }

    /** A verdict of this pass: of the step's analysis or the background one. */
    private record Verdict(CanaryJudge.Judgement judgement, boolean background, int step, boolean fails) {

        String label() {
            return (background ? "background analysis" : "analysis") + " at step " + step;
        }

        String failure() {
            return (background ? "background analysis" : "analysis") + " failed at step " + step + ": " + judgement.reason();
        }
    }

    /** One pass of an active canary deployment that has a stable revision to compare with. */
    void pass(AppRecord app, Deployment deployment, List<Instance> instances, Instant now) {
        StrategySpec strategy = app.spec().strategy();
        int desired = app.spec().instances();
        if (deployment.reason() == Deployment.Reason.DEPLOYING
                && !now.isBefore(deployment.progressAt().plusSeconds(strategy.progressDeadlineSeconds()))) {
            engine.fail(app, deployment, "no progress for " + strategy.progressDeadlineSeconds() + "s (progressDeadlineSeconds)");
            return;
        }
        List<CanarySteps.Step> steps = CanarySteps.of(strategy, desired);
        CanaryPlanner.Pass pass = CanaryPlanner.plan(strategy, steps, desired, deployment.fromRevision(),
                deployment.toRevision(), deployment.canary(), instances, now);
        if (pass.timedOut()) {
            rollBack(app, deployment, "nobody continued it within " + strategy.stepTimeoutSeconds() + "s (stepTimeoutSeconds)", false);
            return;
        }
        engine.execute(app, pass.actions(), now);

        CanaryState state = pass.state();
        List<Verdict> verdicts = new ArrayList<>();
        int shownStep = state.step() + 1;
        if (pass.analysis() != null) {
            CanarySteps.Step.Analysis step = (CanarySteps.Step.Analysis) steps.get(state.step());
            if (pass.analysis() == CanaryPlanner.AnalysisDue.BEGIN) {
                state = state.analyzing(window(app, deployment, now));
            } else {
                CanaryJudge.Judgement judgement = judge(app, deployment, state.window(), step.thresholds());
                state = state.judged(judgement, step, now);
                verdicts.add(new Verdict(judgement, false, shownStep, judgement.verdict() == CanaryJudge.Verdict.FAIL
                        && state.failed(step, false)));
            }
        }
        CanarySteps.Step.Analysis background = CanarySteps.background(strategy);
        if (pass.background() != null && background != null) {
            if (pass.background() == CanaryPlanner.AnalysisDue.BEGIN) {
                state = state.analyzingInBackground(window(app, deployment, now));
            } else {
                CanaryJudge.Judgement judgement = judge(app, deployment, state.background(), background.thresholds());
                state = state.judgedInBackground(judgement, now);
                verdicts.add(new Verdict(judgement, true, shownStep, judgement.verdict() == CanaryJudge.Verdict.FAIL
                        && state.failed(background, true)));
            }
        }

        boolean paused = pass.paused() || state.held() || state.backgroundHold();
        Deployment.Reason reason = paused ? Deployment.Reason.PAUSED : Deployment.Reason.DEPLOYING;
        String message = CanaryStatus.describe(pass, steps, desired, deployment.toRevision());
        for (Verdict v : verdicts) {
            message = v.label() + ": " + v.judgement().verdict() + " — " + v.judgement().reason()
                    + (state.backgroundHold() && v.background() ? "; continue to go on, or cancel" : "");
        }
        Deployment next = deployment.observe(pass.progress(), message, now).withCanary(state, reason, message, now);
        if (pass.complete()) {
            engine.finish(app, deployment, next, desired, now);
            return;
        }
        boolean stepped = !next.canary().equals(deployment.canary()) || !next.progress().equals(deployment.progress());
        boolean pausedNow = paused && deployment.reason() != Deployment.Reason.PAUSED;
        boolean written = store.transaction(tx -> {
            if (!tx.replaceDeployment(deployment, next)) {
                return false; // changed meanwhile: the next pass sees it
            }
            if (stepped) {
                events.append(tx, "deployment_step", app.name(), CanaryStatus.event(next, steps));
            }
            if (pausedNow) {
                events.append(tx, "deployment_paused", app.name(), Map.of("deployment", next.id(), "message", next.message()));
            }
            for (Verdict v : verdicts) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("deployment", next.id());
                data.put("step", v.step());
                data.put("background", v.background());
                data.put("verdict", v.judgement().verdict().name());
                data.put("reason", v.judgement().reason());
                events.append(tx, "analysis_result", app.name(), data);
            }
            return true;
        });
        events.published(events.lastId());
        if (!written) {
            engine.passIn(app.name(), Duration.ZERO);
            return;
        }
        for (Verdict v : verdicts) {
            if (v.fails()) {
                rollBack(app, next, v.failure(), true);
                return;
            }
        }
        if (!verdicts.isEmpty()) {
            engine.passIn(app.name(), Duration.ZERO); // the next window or step, or the pause of an inconclusive verdict
        }
        if (pass.weightChanged()) {
            routes.publishAndConfirm(app.name()); // the weight is confirmed before the next step
            engine.passIn(app.name(), Duration.ZERO);
        }
        if (pass.wakeAt() != null) {
            engine.passIn(app.name(), Duration.between(now, pass.wakeAt()));
        }
        if (reason == Deployment.Reason.DEPLOYING) {
            engine.passIn(app.name(), Duration.between(now, next.progressAt().plusSeconds(strategy.progressDeadlineSeconds())));
        }
    }

    /** A window opened now: both revisions' counters summed over the live routers. */
    private CanaryState.AnalysisWindow window(AppRecord app, Deployment deployment, Instant now) {
        return new CanaryState.AnalysisWindow(now, routes.hub().counters(app.name(), deployment.fromRevision()),
                routes.hub().counters(app.name(), deployment.toRevision()));
    }

    /** The verdict on what both revisions served since {@code window} opened. */
    private CanaryJudge.Judgement judge(AppRecord app, Deployment deployment, CanaryState.@Nullable AnalysisWindow window,
            CanaryJudge.Thresholds thresholds) {
        if (window == null) {
            throw new IllegalStateException("no analysis window to judge for deployment " + deployment.id());
        }
        return CanaryJudge.judge(
                routes.hub().counters(app.name(), deployment.fromRevision()).since(window.stable()).sample(),
                routes.hub().counters(app.name(), deployment.toRevision()).since(window.canary()).sample(),
                thresholds);
    }

    /**
     * Rolls a canary back, weights first (confirmed by every router), then drained: canceled (a step
     * timed out) or failed (its analysis failed; it ends FAILED with the reason).
     */
    private void rollBack(AppRecord app, Deployment deployment, String why, boolean failed) {
        Instant now = clock.instant();
        Deployment canceling = failed ? deployment.failed(why, Deployment.Reason.CANCELING, now)
                : deployment.moveTo(Deployment.Reason.CANCELING, "canceled: " + why + "; rolling back to revision "
                        + deployment.fromRevision(), now);
        engine.rollBack(app, deployment, canceling, why);
    }
}
