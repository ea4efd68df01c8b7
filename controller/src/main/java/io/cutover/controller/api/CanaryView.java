package io.cutover.controller.api;

import io.cutover.core.deploy.CanaryState;
import io.cutover.core.deploy.CanarySteps;
import io.cutover.core.deploy.Deployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The canary part of a deployment's JSON (docs/api.md): step k of n, weight, verdicts, the commands that apply. */
final class CanaryView {

    private CanaryView() {}

    /**
     * The canary part of a deployment's view: step k of n, weight, whether it pauses, is held or is
     * being promoted, and the commands that apply now.
     */
    static Map<String, Object> of(Deployment deployment, List<CanarySteps.Step> steps) {
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
        List<Map<String, Object>> analysis = new ArrayList<>();
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
