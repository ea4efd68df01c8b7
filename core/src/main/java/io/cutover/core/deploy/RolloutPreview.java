package io.cutover.core.deploy;

import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The timeline a rolling deployment will follow, like the T0..T7 picture of the DC/OS lab: the planner run
 * against a simulation in which every started instance becomes routable, and every stopped one exits, one
 * step later. Real launches take different times; the order of steps and the capacity at each are what the
 * preview shows.
 */
public final class RolloutPreview {

    private static final int MAX_STEPS = 10_000;

    private RolloutPreview() {}

    /**
     * One step of the timeline: the state after the previous step's actions took effect, and what the
     * planner does then.
     *
     * @param step 0, 1, 2...
     * @param oldServing old instances taking traffic
     * @param oldStopping old instances being drained and stopped
     * @param newStarting new instances starting
     * @param newServing new instances taking traffic
     * @param stops instances the planner stops at this step
     * @param starts instances the planner starts at this step
     */
    public record Step(int step, int oldServing, int oldStopping, int newStarting, int newServing, int stops, int starts) {

        /** Instances running in all (serving, starting or stopping). */
        public int total() {
            return oldServing + oldStopping + newStarting + newServing;
        }

        /** Instances taking traffic. */
        public int serving() {
            return oldServing + newServing;
        }
    }

    /**
     * The timeline of a deployment from {@code oldInstances} serving instances to {@code instances} new ones.
     *
     * @param bounds the bounds it keeps, for display next to the timeline
     * @param steps from the start to the step where it is complete
     */
    public record Timeline(RollingBounds bounds, List<Step> steps) {
        public Timeline {
            steps = List.copyOf(steps);
        }
    }

    /** Simulates the deployment. */
    public static Timeline of(StrategySpec strategy, int instances, int oldInstances) {
        int newRevision = 2;
        List<Instance> world = new ArrayList<>();
        for (int i = 0; i < oldInstances; i++) {
            world.add(instance("old-" + i, 1, InstanceState.RUNNING, i));
        }
        List<Step> steps = new ArrayList<>();
        int seq = 0;
        for (int t = 0; t < MAX_STEPS; t++) {
            RollingPlanner.Pass pass = RollingPlanner.pass(strategy, instances, newRevision, oldInstances, world);
            int stops = 0;
            int starts = 0;
            List<Instance> next = new ArrayList<>(world);
            for (Action action : pass.actions()) {
                // a rolling pass only starts and stops instances
                if (action instanceof Action.StopInstance stop) {
                    stops++;
                    next.replaceAll(i -> i.id().equals(stop.instanceId()) ? i.withState(InstanceState.STOPPING) : i);
                } else if (action instanceof Action.StartInstance start) {
                    starts++;
                    next.add(instance("new-" + seq++, start.revision(), InstanceState.STARTING, 1000 + seq));
                }
            }
            steps.add(count(t, next, newRevision, stops, starts));
            if (pass.complete()) {
                return new Timeline(RollingBounds.of(strategy, instances, oldInstances), steps);
            }
            // One step later: started instances serve, stopped ones are gone.
            world = new ArrayList<>();
            for (Instance i : next) {
                if (i.state() == InstanceState.STARTING) {
                    world.add(i.withState(InstanceState.RUNNING).withHealth(Health.HEALTHY).withReady(true));
                } else if (i.state() != InstanceState.STOPPING) {
                    world.add(i);
                }
            }
            if (stops == 0 && starts == 0 && world.equals(next)) {
                throw new IllegalStateException("the deployment would never make progress");
            }
        }
        throw new IllegalStateException("the deployment did not finish within " + MAX_STEPS + " steps");
    }

    private static Step count(int t, List<Instance> world, int newRevision, int stops, int starts) {
        int oldServing = 0, oldStopping = 0, newStarting = 0, newServing = 0;
        for (Instance i : world) {
            boolean isNew = i.revision() == newRevision;
            if (i.state() == InstanceState.STOPPING) {
                oldStopping++;
            } else if (i.routable()) {
                if (isNew) {
                    newServing++;
                } else {
                    oldServing++;
                }
            } else if (isNew) {
                newStarting++;
            }
        }
        return new Step(t, oldServing, oldStopping, newStarting, newServing, stops, starts);
    }

    private static Instance instance(String id, int revision, InstanceState state, int order) {
        boolean running = state == InstanceState.RUNNING;
        return new Instance(id, "preview", revision, "127.0.0.1", 1, 0, null, state,
                running ? Health.HEALTHY : Health.UNKNOWN, running, Instant.EPOCH.plusSeconds(order), "-");
    }
}
