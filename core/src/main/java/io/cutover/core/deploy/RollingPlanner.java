package io.cutover.core.deploy;

import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans one pass of a rolling deployment, recomputed from scratch from the instances as they are.
 *
 * <p>Rules (see docs/manifest.md, strategy): old instances are stopped down to {@code minHealthy} routable instances; new ones
 * are started up to {@code maxCapacity} instances in all, where instances being stopped count until they
 * exited; each new instance that becomes routable lets one more old instance go. Old instances that serve
 * nothing (not routable) are stopped at once; new instances that turned unhealthy are replaced.
 *
 * <p>The same planner rolls back: a cancel is a deployment to the previous revision.
 */
public final class RollingPlanner {

    private RollingPlanner() {}

    /**
     * Plans one pass of a rolling deployment, or of the rollback of any deployment (a cancel is a
     * deployment back to the previous revision): nothing while paused; the deployment fails once its
     * progress deadline passed; else the instance actions, then its progress recorded or it finished.
     */
    public static Plan plan(AppState app, Deployment d, Instant now) {
        if (d.reason() == Deployment.Reason.PAUSED) {
            return Plan.NONE;
        }
        Plan failed = Outcomes.deadlinePassed(app, d, now);
        if (failed != null) {
            return failed;
        }
        int desired = d.target() == 0 ? 0 : app.spec().instances();
        Pass pass = pass(app.spec().strategy(), desired, d.target(), d.oldAtStart(), app.instances());
        return Outcomes.progressed(app, d, pass, desired, now);
    }

    /**
     * Where a rolling deployment stands.
     *
     * @param newRoutable new instances that take traffic
     * @param newLive new instances starting or running
     * @param oldLive old instances starting or running (not yet told to stop)
     * @param oldRemaining old instances not yet exited, those stopping included
     */
    public record Progress(int newRoutable, int newLive, int oldLive, int oldRemaining) {}

    /**
     * One pass's decision.
     *
     * @param complete every new instance is routable and every old one exited
     */
    public record Pass(List<Action> actions, Progress progress, boolean complete) {
        public Pass {
            actions = List.copyOf(actions);
        }
    }

    /**
     * Decides the instance actions of a pass.
     *
     * @param strategy the app's strategy
     * @param instances the desired number of instances of {@code revision}
     * @param revision the revision being deployed
     * @param oldAtStart how many instances of other revisions ran when the deployment started (for
     *     Marathon's +1 rule)
     * @param all every instance of the app, in any state
     */
    public static Pass pass(StrategySpec strategy, int instances, int revision, int oldAtStart, List<Instance> all) {
        RollingBounds bounds = RollingBounds.of(strategy, instances, oldAtStart);
        List<Action> actions = new ArrayList<>();
        List<Instance> oldLive = new ArrayList<>();
        List<Instance> fresh = new ArrayList<>();
        int remaining = 0;
        int oldRemaining = 0;
        for (Instance instance : all) {
            if (instance.state() == InstanceState.EXITED) {
                continue;
            }
            remaining++;
            boolean isNew = instance.revision() == revision;
            if (!isNew) {
                oldRemaining++;
            }
            if (!instance.live()) {
                continue; // stopping: counts until it exited
            }
            if (!isNew) {
                oldLive.add(instance);
            } else if (instance.health() == Health.UNHEALTHY) {
                actions.add(new Action.StopInstance(instance.id(), "unhealthy"));
            } else {
                fresh.add(instance);
            }
        }

        fresh.sort(Comparator.comparing(Instance::routable).reversed().thenComparing(Instance::startedAt).thenComparing(Instance::id));
        while (fresh.size() > instances) {
            Instance extra = fresh.remove(fresh.size() - 1);
            actions.add(new Action.StopInstance(extra.id(), "scaled down to " + instances));
        }
        int newRoutable = (int) fresh.stream().filter(Instance::routable).count();

        // Old instances that serve nothing go at once; the routable ones only down to the floor.
        oldLive.sort(Comparator.comparing(Instance::routable).thenComparing(Instance::startedAt).thenComparing(Instance::id));
        int oldRoutable = (int) oldLive.stream().filter(Instance::routable).count();
        int releasable = Math.max(0, oldRoutable + newRoutable - bounds.minHealthy());
        int stoppedOld = 0;
        for (Instance old : oldLive) {
            if (!old.routable()) {
                actions.add(new Action.StopInstance(old.id(), "replaced by revision " + revision + " (not serving)"));
                stoppedOld++;
            } else if (releasable > 0) {
                actions.add(new Action.StopInstance(old.id(), "replaced by revision " + revision));
                releasable--;
                stoppedOld++;
            }
        }

        int toStart = Math.min(instances - fresh.size(), bounds.maxCapacity() - remaining);
        for (int i = 0; i < toStart; i++) {
            actions.add(new Action.StartInstance(revision));
        }
        Progress progress = new Progress(newRoutable, fresh.size(), oldLive.size() - stoppedOld, oldRemaining);
        boolean complete = oldRemaining == 0 && newRoutable == instances && fresh.size() == instances;
        return new Pass(actions, progress, complete);
    }
}
