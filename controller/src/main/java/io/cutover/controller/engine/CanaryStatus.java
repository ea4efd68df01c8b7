package io.cutover.controller.engine;

import io.cutover.core.deploy.CanaryPlanner;
import io.cutover.core.deploy.CanaryState;
import io.cutover.core.deploy.CanarySteps;
import io.cutover.core.deploy.Deployment;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A canary deployment in words and as data: step k of n, the weight, what the operator can do next. */
public final class CanaryStatus {

    private CanaryStatus() {}

    /** The deployment's message after a pass. */
    static String describe(CanaryPlanner.Pass pass, List<CanarySteps.Step> steps, int desired, int revision) {
        CanaryState s = pass.state();
        String where = s.promoting() ? "promoting" : "step " + Math.min(s.step() + 1, steps.size()) + " of " + steps.size();
        String traffic = "canary revision " + revision + " at " + s.weight() + "%, " + pass.progress().newRoutable()
                + " of " + pass.progress().newLive() + " canary instance" + (pass.progress().newLive() == 1 ? "" : "s")
                + " ready, " + pass.progress().oldLive() + " stable";
        if (s.held()) {
            return where + ": paused by an operator (" + traffic + "); resume to go on";
        }
        if (s.backgroundHold()) {
            return where + ": background analysis inconclusive (" + traffic + "); continue to go on, promote --full or cancel";
        }
        if (pass.paused()) {
            String until = pass.wakeAt() != null && steps.get(s.step()) instanceof CanarySteps.Step.Pause p && p.duration() != null
                    ? "paused until " + pass.wakeAt() : "paused until continued";
            return where + ": " + until + " (" + traffic + "); continue, promote --full or cancel";
        }
        if (s.promoting()) {
            return where + ": " + traffic + (s.weight() == 100 ? "; stopping the stable instances" : "; growing to " + desired);
        }
        if (s.step() < steps.size() && steps.get(s.step()) instanceof CanarySteps.Step.SetWeight w) {
            return where + ": starting canary instances for " + w.percent() + "% (" + traffic + ")";
        }
        return where + ": " + traffic;
    }

    /** The data of a {@code deployment_step} event. */
    static Map<String, Object> event(Deployment deployment, List<CanarySteps.Step> steps) {
        Map<String, Object> data = new LinkedHashMap<>();
        CanaryState s = deployment.canary();
        data.put("deployment", deployment.id());
        data.put("step", s == null ? 0 : Math.min(s.step() + 1, steps.size()));
        data.put("steps", steps.size());
        data.put("weight", s == null ? 0 : s.weight());
        data.put("canaryInstances", deployment.progress().newRoutable());
        data.put("message", deployment.message());
        return data;
    }

    /**
     * The canary part of a deployment's view: step k of n, weight, whether it pauses, is held or is
     * being promoted, and the commands that apply now.
     */
    public static Map<String, Object> view(Deployment deployment, List<CanarySteps.Step> steps) {
        CanaryState s = deployment.canary();
        Map<String, Object> out = new LinkedHashMap<>();
        if (s == null) {
            return out;
        }
        out.put("step", Math.min(s.step() + 1, steps.size()));
        out.put("steps", steps.size());
        out.put("weight", s.weight());
        out.put("promoting", s.promoting());
        out.put("held", s.held());
        out.put("pausedAt", s.pausedAt() == null ? null : s.pausedAt().toString());
        Instant endsAt = null;
        if (s.pausedAt() != null && !s.backgroundHold() && s.step() < steps.size() && steps.get(s.step()) instanceof CanarySteps.Step.Pause p
                && p.duration() != null) {
            endsAt = s.pausedAt().plus(p.duration());
        }
        out.put("pauseEndsAt", endsAt == null ? null : endsAt.toString());
        List<String> next;
        if (!deployment.active() || deployment.reason() == Deployment.Reason.CANCELING) {
            next = List.of();
        } else if (s.held()) {
            next = List.of("resume", "cancel");
        } else if (deployment.reason() == Deployment.Reason.PAUSED) {
            next = List.of("continue", "promote --full", "pause", "cancel");
        } else {
            next = List.of("promote --full", "pause", "cancel");
        }
        out.put("actions", next);
        List<Map<String, Object>> analysis = new java.util.ArrayList<>();
        for (CanaryState.AnalysisResult result : s.results()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("step", result.step());
            row.put("verdict", result.verdict().name());
            row.put("reason", result.reason());
            row.put("at", result.at().toString());
            row.put("background", result.background());
            analysis.add(row);
        }
        out.put("analysis", analysis);
        out.put("analyzingSince", s.window() == null ? null : s.window().startedAt().toString());
        out.put("backgroundSince", s.background() == null ? null : s.background().startedAt().toString());
        return out;
    }
}
