package io.cutover.core.deploy;

import java.util.List;

/** A canary deployment in words and as event data: step k of n, the weight, what it waits for. */
final class CanaryStatus {

    private CanaryStatus() {}

    /** The deployment's message after a pass. */
    static String describe(CanaryPass.Pass pass, List<CanarySteps.Step> steps, int desired, int revision) {
        CanaryState s = pass.state();
        String where = s.promoting() ? "promoting" : "step " + Math.min(s.step() + 1, steps.size()) + " of " + steps.size();
        String traffic = "canary revision " + revision + " at " + s.weight() + "%, " + pass.progress().newRoutable()
                + " of " + pass.progress().newLive() + " canary instance" + (pass.progress().newLive() == 1 ? "" : "s")
                + " ready, " + pass.progress().oldLive() + " stable";
        if (s.held()) {
            return where + ": paused by an operator (" + traffic + ")";
        }
        if (s.backgroundHold()) {
            return where + ": background analysis inconclusive (" + traffic + ")";
        }
        if (pass.paused()) {
            String until = pass.wakeAt() != null && steps.get(s.step()) instanceof CanarySteps.Step.Pause p && p.duration() != null
                    ? "paused until " + pass.wakeAt() : "paused until continued";
            return where + ": " + until + " (" + traffic + ")";
        }
        if (s.promoting()) {
            return where + ": " + traffic + (s.weight() == 100 ? "; stopping the stable instances" : "; growing to " + desired);
        }
        if (s.step() < steps.size() && steps.get(s.step()) instanceof CanarySteps.Step.SetWeight w) {
            return where + ": starting canary instances for " + w.percent() + "% (" + traffic + ")";
        }
        return where + ": " + traffic;
    }

    /** A {@code deployment_step} event of a canary deployment. */
    static Event stepEvent(Deployment deployment, List<CanarySteps.Step> steps) {
        CanaryState s = deployment.canary();
        return Event.of("deployment_step", deployment.id(), "step", s == null ? 0 : Math.min(s.step() + 1, steps.size()),
                "steps", steps.size(), "weight", s == null ? 0 : s.weight(), "canaryInstances", deployment.progress().newRoutable(),
                "message", deployment.message());
    }
}
