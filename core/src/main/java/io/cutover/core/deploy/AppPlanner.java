package io.cutover.core.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point of every decision about an app: which planner plans its pass (the active
 * deployment's strategy, else the steady state), what follows an observation, and the launch backoff that
 * holds every planner's launches back.
 */
public final class AppPlanner {

    private AppPlanner() {}

    /** Plans one pass of {@code app} at {@code now}. */
    public static Plan plan(AppState app, Instant now) {
        Deployment d = app.deployment();
        Plan plan = d == null || app.deleting() ? ReconcilePlanner.plan(app, now) : switch (d.strategy()) {
            case ROLLING -> RollingPlanner.plan(app, d, now);
            case RECREATE -> RecreatePlanner.plan(app, d, now);
            // a new app has nothing to compare with or switch from, and a rollback is a rolling deployment back
            case CANARY -> rollsOut(d) ? CanaryPlanner.plan(app, d, now) : RollingPlanner.plan(app, d, now);
            case BLUE_GREEN -> rollsOut(d) ? BlueGreenPlanner.plan(app, d, now) : RollingPlanner.plan(app, d, now);
        };
        return holdLaunches(app, plan, now);
    }

    /**
     * Plans what follows an observation: an instance that failed counts against the deployment of its
     * revision (and fails it at {@code maxLaunchFailures}); an answer to an action goes to the planner of
     * the deployment that asked.
     */
    public static Plan observe(AppState app, Observation observation) {
        Deployment d = app.deployment();
        if (d == null) {
            return Plan.NONE; // it ended meanwhile
        }
        if (observation instanceof Observation.InstanceFailed failed) {
            return launchFailed(app, d, failed);
        }
        return switch (d.strategy()) {
            case CANARY -> CanaryPlanner.observe(app, d, observation);
            case BLUE_GREEN -> BlueGreenPlanner.observe(app, d, observation);
            case ROLLING, RECREATE -> throw new IllegalArgumentException("observation: " + observation
                    + " (a " + d.strategy() + " deployment asks for none)");
        };
    }

    private static boolean rollsOut(Deployment d) {
        return d.fromRevision() != 0 && d.reason() != Deployment.Reason.CANCELING;
    }

    /** Counts a failed launch of the deployment's new revision, and fails the deployment at the limit. */
    private static Plan launchFailed(AppState app, Deployment d, Observation.InstanceFailed failed) {
        if (d.reason() != Deployment.Reason.DEPLOYING || failed.instance().revision() != d.toRevision()) {
            return Plan.NONE;
        }
        Deployment counted = d.launchFailed(failed.at());
        int limit = app.spec().strategy().maxLaunchFailures();
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.RecordStep(counted, List.of()));
        if (counted.launchFailures() >= limit) {
            actions.addAll(Outcomes.fail(app, counted, "new instances failed " + counted.launchFailures() + " times (maxLaunchFailures "
                    + limit + "); last log lines of " + failed.instance().id() + ":\n" + failed.logTail(), failed.at()).actions());
        }
        return new Plan(actions);
    }

    /** While the launch backoff runs, a plan's launches wait for its end; everything else goes ahead. */
    private static Plan holdLaunches(AppState app, Plan plan, Instant now) {
        Instant nextLaunch = app.backoff().nextLaunchAt(app.spec());
        if (nextLaunch == null || !now.isBefore(nextLaunch) || plan.all(Action.StartInstance.class).isEmpty()) {
            return plan;
        }
        List<Action> held = new ArrayList<>();
        for (Action action : plan.actions()) {
            if (!(action instanceof Action.StartInstance)) {
                held.add(action);
            }
        }
        held.add(new Action.WakeAt(nextLaunch));
        return new Plan(held);
    }
}
