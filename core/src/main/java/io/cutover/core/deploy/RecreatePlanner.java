package io.cutover.core.deploy;

import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.plan.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a recreate deployment, for apps that cannot run two revisions at once: every old instance is
 * stopped (drained), and only once all of them exited do new ones start.
 */
public final class RecreatePlanner {

    private RecreatePlanner() {}

    /** Plans a pass; see {@link RollingPlanner#plan} for the parameters. */
    public static RollingPlanner.Pass plan(int instances, int revision, List<Instance> all) {
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
