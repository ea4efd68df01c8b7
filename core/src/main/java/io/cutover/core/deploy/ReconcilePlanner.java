package io.cutover.core.deploy;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps an app at its desired instance count on its current revision: replaces instances of other
 * revisions (stop, then start), replaces unhealthy ones, scales up and down, and holds launches back
 * while a {@link LaunchBackoff} runs.
 *
 * <p>Pure: the same inputs give the same plan. It recomputes from scratch each pass, so a restart needs no
 * special path.
 */
public final class ReconcilePlanner {

    private ReconcilePlanner() {}

    /**
     * Plans a pass of an app with no active deployment: a deleted app drains and stops every instance and
     * goes once none is left; any other is kept at its instance count on its revision.
     */
    public static Plan plan(AppState app, Instant now) {
        if (!app.deleting()) {
            return plan(app.spec(), app.revision(), app.instances(), app.backoff(), now);
        }
        List<Action> actions = new ArrayList<>();
        for (Instance instance : app.instances()) {
            if (instance.live()) {
                actions.add(new Action.StopInstance(instance.id(), "app deleted"));
            }
        }
        if (app.instances().isEmpty()) {
            actions.add(new Action.RemoveApp());
        }
        return new Plan(actions);
    }

    /**
     * Plans one pass of an app that is not deleted.
     *
     * @param spec the desired spec
     * @param revision the revision that should run
     * @param instances every instance the app has, in any state
     * @param backoff the app's launch backoff
     * @param now the current time
     */
    static Plan plan(AppSpec spec, int revision, List<Instance> instances, LaunchBackoff backoff, Instant now) {
        List<Action> actions = new ArrayList<>();
        List<Instance> current = new ArrayList<>();
        for (Instance instance : instances) {
            if (!instance.live()) {
                continue;
            }
            if (instance.revision() != revision) {
                actions.add(new Action.StopInstance(instance.id(), "replaced by revision " + revision));
            } else if (instance.health() == Health.UNHEALTHY) {
                actions.add(new Action.StopInstance(instance.id(), "unhealthy"));
            } else {
                current.add(instance);
            }
        }

        int excess = current.size() - spec.instances();
        if (excess > 0) {
            // Scale down the least useful first: not routable before routable, newest before oldest.
            current.sort(Comparator.comparing(Instance::routable)
                    .thenComparing(Instance::startedAt, Comparator.reverseOrder())
                    .thenComparing(Instance::id));
            for (Instance instance : current.subList(0, excess)) {
                actions.add(new Action.StopInstance(instance.id(), "scaled down to " + spec.instances()));
            }
        }

        int missing = spec.instances() - current.size();
        if (missing > 0) {
            Instant next = backoff.nextLaunchAt(spec);
            if (next != null && now.isBefore(next)) {
                actions.add(new Action.WakeAt(next));
            } else {
                for (int i = 0; i < missing; i++) {
                    actions.add(new Action.StartInstance(revision));
                }
            }
        }
        return new Plan(actions);
    }
}
