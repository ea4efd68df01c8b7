package io.cutover.core.deploy;

import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a recreate deployment, for apps that cannot run two revisions at once: every old instance is
 * stopped (drained), and only once all of them exited do new ones start.
 */
public final class RecreatePlanner {

    private RecreatePlanner() {}

    /** Plans one pass of a recreate deployment; see {@link RollingPlanner#plan(AppState, Deployment, Instant)}. */
    public static Plan plan(AppState app, Deployment d, Instant now) {
        if (d.reason() == Deployment.Reason.PAUSED) {
            return Plan.NONE;
        }
        Plan failed = Outcomes.deadlinePassed(app, d, now);
        if (failed != null) {
            return failed;
        }
        int desired = d.target() == 0 ? 0 : app.spec().instances();
        return Outcomes.progressed(app, d, pass(desired, d.target(), app.instances()), desired, now);
    }

    /** Decides a pass; see {@link RollingPlanner#pass} for the parameters. */
    public static RollingPlanner.Pass pass(int instances, int revision, List<Instance> all) {
        List<Action> actions = new ArrayList<>();
        int oldLive = 0;
        int oldRemaining = 0;
        int newLive = 0;
        int newRoutable = 0;
        for (Instance instance : all) {
            if (instance.state() == InstanceState.EXITED) {
                continue;
            }
            if (instance.revision() != revision) {
                oldRemaining++;
                if (instance.live()) {
                    actions.add(new Action.StopInstance(instance.id(), "replaced by revision " + revision + " (recreate)"));
                }
            } else if (instance.live()) {
                if (newLive >= instances) {
                    actions.add(new Action.StopInstance(instance.id(), "scaled down to " + instances));
                    continue;
                }
                newLive++;
                newRoutable += instance.routable() ? 1 : 0;
            }
        }
        if (oldRemaining == 0) {
            for (int i = newLive; i < instances; i++) {
                actions.add(new Action.StartInstance(revision));
            }
        }
        boolean complete = oldRemaining == 0 && newRoutable == instances && newLive == instances;
        return new RollingPlanner.Pass(actions, new RollingPlanner.Progress(newRoutable, newLive, oldLive, oldRemaining), complete);
    }
}
