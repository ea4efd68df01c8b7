package io.cutover.core.deploy;

import io.cutover.core.analysis.CanaryJudge;
import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.manifest.AnalysisSpec;
import io.cutover.core.manifest.Hooks;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.routing.RouteTableComposer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the passes of a blue-green deployment that has a blue revision: green starts beside blue
 * ({@link BlueGreenPass}), then the hand-off hook, the pre-promotion probes through the preview host and
 * the analysis of preview traffic, then the switch in one route-table generation confirmed by every
 * router; blue stays warm, and a failed post-promotion analysis switches back.
 */
public final class BlueGreenPlanner {

    private BlueGreenPlanner() {}

    /** Plans a pass. */
    public static Plan plan(AppState app, Deployment d, Instant now) {
        BlueGreenState state = d.blueGreen();
        if (state.blueBaseline() == null) {
            // blue's traffic from here on is the baseline green is compared with after the switch
            return Plan.of(new Action.BeginAnalysis(AnalysisSlot.BASELINE));
        }
        Plan failed = Outcomes.deadlinePassed(app, d, now);
        if (failed != null) {
            return failed;
        }
        StrategySpec strategy = app.spec().strategy();
        int desired = app.spec().instances();
        Hooks.Handoff handoff = handoff(app);
        BlueGreenPass.Pass pass = BlueGreenPass.of(strategy, handoff, desired, d.fromRevision(), d.toRevision(), state,
                app.instances(), now);
        List<Action> actions = new ArrayList<>(pass.actions());
        BlueGreenState next = pass.state();
        String message = describe(pass, d, desired);
        if (pass.waitsForPromotion() && !next.checksPassed()) {
            message = "pre-promotion analysis inconclusive (" + next.results().get(next.results().size() - 1).reason()
                    + "); promote to switch anyway";
        }
        Action due = null;
        if (pass.due() != null) {
            AnalysisSlot slot = pass.stage() == BlueGreenPass.POST_PROMOTION ? AnalysisSlot.POST_PROMOTION : AnalysisSlot.PRE_PROMOTION;
            due = switch (pass.due()) {
                case HANDOFF -> new Action.RunHandoff(handoff, d.fromRevision());
                case CHECKS -> new Action.ProbePreview(strategy.prePromotionChecks());
                case ANALYSIS_BEGIN -> new Action.BeginAnalysis(slot);
                case ANALYSIS_JUDGE -> new Action.JudgeAnalysis(slot);
                case SWITCH -> new Action.Switch();
            };
        }
        if (due instanceof Action.Switch) {
            next = next.switching();
            message = "switching every router to revision " + d.toRevision() + " (green)";
        }
        Deployment.Reason reason = pass.waitsForPromotion() ? Deployment.Reason.PAUSED : Deployment.Reason.DEPLOYING;
        Deployment recorded = d.observe(pass.progress(), message, now).withBlueGreen(next, reason, message, now);
        if (pass.complete()) {
            actions.addAll(Outcomes.finish(d, recorded, desired, now).actions());
            return new Plan(actions);
        }
        List<Event> events = new ArrayList<>();
        if (recorded.blueGreen().phase() != state.phase()) {
            events.add(phaseEvent("deployment_phase", recorded));
        }
        if (reason == Deployment.Reason.PAUSED && d.reason() != Deployment.Reason.PAUSED) {
            events.add(Event.of("deployment_paused", d.id(), "message", message));
        }
        actions.add(new Action.RecordStep(recorded, events));
        if (pass.wakeAt() != null) {
            actions.add(new Action.WakeAt(pass.wakeAt()));
        }
        Outcomes.wakeAtDeadline(recorded, strategy, actions);
        if (due != null) {
            actions.add(due);
        }
        return new Plan(actions);
    }

    /** Plans what follows a hand-off, the probes, an analysis window, or the switch. */
    static Plan observe(AppState app, Deployment d, Observation observation) {
        Instant at = observation.at();
        BlueGreenState state = d.blueGreen();
        return switch (observation) {
            case Observation.WindowOpened opened when opened.slot() == AnalysisSlot.BASELINE ->
                    record(d.withBlueGreen(state.withBaseline(opened.from()), d.reason(), d.message(), at), List.of(), at);
            case Observation.WindowOpened opened -> record(d.withBlueGreen(state.analyzing(
                    new CanaryState.AnalysisWindow(at, opened.from(), opened.to())), d.reason(), d.message(), at), List.of(), at);
            case Observation.WindowClosed closed -> judged(app, d, closed);
            case Observation.HandedOff handedOff -> {
                if (!handedOff.ok()) {
                    yield switchBack(d, "hand-off hook failed, nothing switched, blue keeps serving: " + handedOff.output(), at);
                }
                Hooks.Handoff hook = handoff(app);
                String message = "hand-off from revision " + d.fromRevision() + " done (" + handedOff.output().length()
                        + " characters); " + (hook != null && hook.before() == Hooks.Before.START ? "starting green" : "switching");
                yield record(d.withBlueGreen(state.handedOff(handedOff.output()), d.reason(), message, at),
                        List.of(Event.of("handoff_completed", d.id(), "output", handedOff.output())), at);
            }
            case Observation.Probed probed -> {
                if (probed.problem() != null) {
                    yield switchBack(d, "pre-promotion check failed: " + probed.problem(), at);
                }
                String passed = app.spec().strategy().prePromotionChecks().size() + " probe(s) through "
                        + RouteTableComposer.previewHost(d.app()) + " answered as expected";
                yield record(d.withBlueGreen(state.recorded(new CanaryState.AnalysisResult(BlueGreenPass.CHECKS,
                        CanaryJudge.Verdict.PASS, passed, at, false)), d.reason(), passed, at), List.of(), at);
            }
            case Observation.Switched switched -> {
                RevisionCounters blueTraffic = switched.from().since(state.blueBaseline());
                Deployment done = d.withBlueGreen(state.switchedAt(at, blueTraffic), Deployment.Reason.DEPLOYING,
                        "switched to revision " + d.toRevision() + " (green); blue (revision " + d.fromRevision()
                                + ") stays warm for " + app.spec().strategy().scaleDownDelaySeconds() + "s", at);
                yield record(done, List.of(phaseEvent("deployment_switched", done)), at);
            }
            case Observation.InstanceFailed failed ->
                    throw new IllegalArgumentException("observation: " + failed + " (expected: an answer to a blue-green action)");
        };
    }

    private static Plan judged(AppState app, Deployment d, Observation.WindowClosed closed) {
        Instant at = closed.at();
        BlueGreenState state = d.blueGreen();
        boolean post = closed.slot() == AnalysisSlot.POST_PROMOTION;
        StrategySpec strategy = app.spec().strategy();
        AnalysisSpec spec = post ? strategy.postPromotionAnalysis() : strategy.prePromotionAnalysis();
        if (spec == null || state.window() == null) {
            throw new IllegalStateException("no " + closed.slot() + " analysis window to judge for deployment " + d.id());
        }
        CanaryJudge.Sample blue = post ? (state.blueBeforeSwitch() == null ? RevisionCounters.NONE : state.blueBeforeSwitch()).sample()
                : closed.from().since(state.window().stable()).sample();
        CanaryJudge.Sample green = closed.to().since(state.window().canary()).sample();
        CanaryJudge.Judgement judgement = CanaryJudge.judge(blue, green, new CanaryJudge.Thresholds(spec.maxErrorRate(),
                spec.maxErrorRateIncrease(), spec.latencyTolerance(), spec.confidence(), spec.minSamples()));
        int stage = post ? BlueGreenPass.POST_PROMOTION : BlueGreenPass.PRE_PROMOTION;
        String which = post ? "post-promotion analysis" : "pre-promotion analysis";
        Deployment next = d.withBlueGreen(state.recorded(new CanaryState.AnalysisResult(stage, judgement.verdict(), judgement.reason(),
                at, false)), d.reason(), which + ": " + judgement.verdict() + " — " + judgement.reason(), at);
        Event verdict = Event.of("analysis_result", d.id(), "stage", post ? "postPromotion" : "prePromotion",
                "verdict", judgement.verdict().name(), "reason", judgement.reason());
        if (judgement.verdict() != CanaryJudge.Verdict.FAIL) {
            return record(next, List.of(verdict), at);
        }
        String why = which + " failed" + (post ? ", switched back to revision " + d.fromRevision() : "") + ": " + judgement.reason();
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.RecordStep(next, List.of(verdict))); // the verdict that failed it stays on the deployment
        actions.addAll(switchBack(next, why, at).actions());
        return new Plan(actions);
    }

    /**
     * Aborts or switches back: the deployment fails and rolls back to blue (weights first, confirmed by
     * every router), then green is drained and stopped. Blue was never touched before the switch; after
     * it, blue is still warm. The verdicts and hook output that decided it stay on the deployment.
     */
    private static Plan switchBack(Deployment d, String why, Instant at) {
        return Outcomes.rollBack(d.failed(why, Deployment.Reason.CANCELING, at), why, at);
    }

    private static Plan record(Deployment next, List<Event> events, Instant at) {
        return Plan.of(new Action.RecordStep(next, events), new Action.WakeAt(at));
    }

    private static Hooks.Handoff handoff(AppState app) {
        return app.spec().hooks() == null ? null : app.spec().hooks().handoff();
    }

    private static Event phaseEvent(String type, Deployment d) {
        return Event.of(type, d.id(), "phase", d.blueGreen().phase().name(), "blue", d.fromRevision(), "green", d.toRevision(),
                "message", d.message());
    }

    private static String describe(BlueGreenPass.Pass pass, Deployment d, int desired) {
        BlueGreenState s = pass.state();
        String counts = "green " + pass.progress().newRoutable() + "/" + desired + " ready, blue " + pass.progress().oldLive();
        return switch (s.phase()) {
            case DEPLOYING -> "starting green (revision " + d.toRevision() + ") beside blue: " + counts;
            case DUAL_RUNNING -> pass.waitsForPromotion()
                    ? "green ready on " + RouteTableComposer.previewHost(d.app()) + " (" + counts + "); waiting for promote"
                    : s.checksPassed() ? "green ready and checked (" + counts + "); switching at " + pass.wakeAt()
                            : "green ready; running pre-promotion checks (" + counts + ")";
            case SWITCHING -> "switching to green (" + counts + ")";
            case TEARDOWN -> pass.complete() ? "done" : "green serves; blue kept warm until " + pass.wakeAt() + " (" + counts + ")";
        };
    }
}
