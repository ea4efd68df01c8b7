package io.cutover.core.deploy;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.manifest.StrategySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the passes of a canary deployment that has a stable revision to compare with: the steps the
 * canary can take ({@link CanaryPass}), a new weight published and confirmed by every router before the
 * next pass, analysis windows opened and judged on the routers' per-revision counters, and the outcome of
 * each verdict — a failure beyond {@code failureLimit} or a pause nobody answered in time rolls the canary
 * back, weights first.
 */
public final class CanaryPlanner {

    private CanaryPlanner() {}

    /** Plans a pass. */
    public static Plan plan(AppState app, Deployment d, Instant now) {
        Plan failed = Outcomes.deadlinePassed(app, d, now);
        if (failed != null) {
            return failed;
        }
        StrategySpec strategy = app.spec().strategy();
        int desired = app.spec().instances();
        List<CanarySteps.Step> steps = CanarySteps.of(strategy, desired);
        CanaryPass.Pass pass = CanaryPass.of(strategy, steps, desired, d.fromRevision(), d.toRevision(), d.canary(), app.instances(), now);
        if (pass.timedOut()) {
            String why = "nobody continued it within " + strategy.stepTimeoutSeconds() + "s (stepTimeoutSeconds)";
            return Outcomes.rollBack(d.moveTo(Deployment.Reason.CANCELING, "canceled: " + why + "; rolling back to revision "
                    + d.fromRevision(), now), why, now);
        }
        List<Action> actions = new ArrayList<>(pass.actions());
        CanaryState state = pass.state();
        boolean paused = pass.paused() || state.held() || state.backgroundHold();
        Deployment.Reason reason = paused ? Deployment.Reason.PAUSED : Deployment.Reason.DEPLOYING;
        String message = CanaryStatus.describe(pass, steps, desired, d.toRevision());
        Deployment next = d.observe(pass.progress(), message, now).withCanary(state, reason, message, now);
        if (pass.complete()) {
            actions.addAll(Outcomes.finish(d, next, desired, now).actions());
            return new Plan(actions);
        }
        actions.add(new Action.RecordStep(next, events(d, next, steps)));
        if (pass.weightChanged()) {
            actions.add(new Action.PublishRoutes(true)); // the weight is confirmed before the next step
            actions.add(new Action.WakeAt(now));
        }
        if (pass.wakeAt() != null) {
            actions.add(new Action.WakeAt(pass.wakeAt()));
        }
        Outcomes.wakeAtDeadline(next, strategy, actions);
        // One window at a time; the background one follows on the next pass.
        if (pass.analysis() != null) {
            actions.add(windowAction(pass.analysis(), AnalysisSlot.STEP));
        } else if (pass.background() != null) {
            actions.add(windowAction(pass.background(), AnalysisSlot.BACKGROUND));
        }
        return new Plan(actions);
    }

    /** Plans what follows an analysis window opened or closed. */
    static Plan observe(AppState app, Deployment d, Observation observation) {
        Instant at = observation.at();
        StrategySpec strategy = app.spec().strategy();
        List<CanarySteps.Step> steps = CanarySteps.of(strategy, app.spec().instances());
        CanaryState state = d.canary();
        return switch (observation) {
            case Observation.WindowOpened opened -> {
                CanaryState.AnalysisWindow window = new CanaryState.AnalysisWindow(at, opened.from(), opened.to());
                CanaryState begun = opened.slot() == AnalysisSlot.BACKGROUND ? state.analyzingInBackground(window) : state.analyzing(window);
                Deployment next = d.withCanary(begun, d.reason(), d.message(), at);
                yield Plan.of(new Action.RecordStep(next, events(d, next, steps)), new Action.WakeAt(at));
            }
            case Observation.WindowClosed closed -> judged(app, d, closed, steps);
            case Observation.HandedOff o -> unexpected(o);
            case Observation.Probed o -> unexpected(o);
            case Observation.Switched o -> unexpected(o);
            case Observation.InstanceFailed o -> unexpected(o);
        };
    }

    private static Plan judged(AppState app, Deployment d, Observation.WindowClosed closed, List<CanarySteps.Step> steps) {
        Instant at = closed.at();
        CanaryState state = d.canary();
        boolean background = closed.slot() == AnalysisSlot.BACKGROUND;
        CanarySteps.Step.Analysis analysis = background ? CanarySteps.background(app.spec().strategy())
                : (CanarySteps.Step.Analysis) steps.get(state.step());
        CanaryState.AnalysisWindow window = background ? state.background() : state.window();
        if (analysis == null || window == null) {
            throw new IllegalStateException("no " + closed.slot() + " analysis window to judge for deployment " + d.id());
        }
        CanaryJudge.Judgement judgement = CanaryJudge.judge(closed.from().since(window.stable()).sample(),
                closed.to().since(window.canary()).sample(), analysis.thresholds());
        int shownStep = state.step() + 1;
        CanaryState after = background ? state.judgedInBackground(judgement, at) : state.judged(judgement, analysis, at);
        String label = (background ? "background analysis" : "analysis") + " at step " + shownStep;
        String message = label + ": " + judgement.verdict() + " — " + judgement.reason();
        boolean paused = d.reason() == Deployment.Reason.PAUSED || after.held() || after.backgroundHold();
        Deployment next = d.withCanary(after, paused ? Deployment.Reason.PAUSED : Deployment.Reason.DEPLOYING, message, at);
        List<Event> events = new ArrayList<>(events(d, next, steps));
        events.add(Event.of("analysis_result", d.id(), "step", shownStep, "background", background,
                "verdict", judgement.verdict().name(), "reason", judgement.reason()));
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.RecordStep(next, events));
        if (judgement.verdict() == CanaryJudge.Verdict.FAIL && after.failed(analysis, background)) {
            String why = (background ? "background analysis" : "analysis") + " failed at step " + shownStep + ": " + judgement.reason();
            actions.addAll(Outcomes.rollBack(next.failed(why, Deployment.Reason.CANCELING, at), why, at).actions());
            return new Plan(actions);
        }
        actions.add(new Action.WakeAt(at)); // the next window or step, or the pause of an inconclusive verdict
        return new Plan(actions);
    }

    private static Plan unexpected(Observation observation) {
        throw new IllegalArgumentException("observation: " + observation + " (expected: an analysis window of a canary)");
    }

    private static Action windowAction(CanaryPass.AnalysisDue due, AnalysisSlot slot) {
        return due == CanaryPass.AnalysisDue.BEGIN ? new Action.BeginAnalysis(slot) : new Action.JudgeAnalysis(slot);
    }

    /** A step event when the canary's state moved, a pause event when it just began waiting. */
    private static List<Event> events(Deployment before, Deployment next, List<CanarySteps.Step> steps) {
        List<Event> events = new ArrayList<>();
        if (!next.canary().equals(before.canary()) || !next.progress().equals(before.progress())) {
            events.add(CanaryStatus.stepEvent(next, steps));
        }
        if (next.reason() == Deployment.Reason.PAUSED && before.reason() != Deployment.Reason.PAUSED) {
            events.add(Event.of("deployment_paused", next.id(), "message", next.message()));
        }
        return events;
    }
}
