package io.cutover.core.deploy;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Observed states for the planners' table tests: an app of two instances moving from revision 1 to 2. */
final class Apps {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final int OLD = 1;
    static final int NEW = 2;

    private Apps() {}

    /** An app named {@code a} with 2 instances, the given strategy (YAML flow) and more top-level YAML. */
    static AppSpec spec(String strategy, String more) {
        return Manifests.parse("name: a\ninstances: 2\nrun: {command: x}\nstrategy: " + strategy + "\n" + more);
    }

    static Instance serving(String id, int revision) {
        return new Instance(id, "a", revision, "127.0.0.1", 1, 1, null, InstanceState.RUNNING, Health.HEALTHY, true, T0, "-");
    }

    static Instance starting(String id, int revision) {
        return new Instance(id, "a", revision, "127.0.0.1", 1, 1, null, InstanceState.STARTING, Health.UNKNOWN, false, T0, "-");
    }

    /** {@code old} serving instances of revision 1 and {@code fresh} of revision 2. */
    static List<Instance> instances(int old, int fresh) {
        List<Instance> all = new ArrayList<>();
        for (int i = 0; i < old; i++) {
            all.add(serving("o" + i, OLD));
        }
        for (int i = 0; i < fresh; i++) {
            all.add(serving("n" + i, NEW));
        }
        return all;
    }

    /** A deployment from revision 1 to 2 of app {@code a}, just started at T0. */
    static Deployment deployment(StrategySpec.Type type) {
        return Deployment.start(7, "a", type, OLD, NEW, 2, T0);
    }

    static AppState state(AppSpec spec, List<Instance> instances, Deployment deployment) {
        return new AppState(spec, NEW, false, instances, deployment, LaunchBackoff.NONE);
    }

    /** The only action of a kind in a plan. */
    static <A extends Action> A only(Plan plan, Class<A> kind) {
        List<A> found = plan.all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + " in " + plan.actions());
        }
        return found.get(0);
    }

    /** The types of the actions of a plan, in order. */
    static List<String> kinds(Plan plan) {
        return plan.actions().stream().map(a -> a.getClass().getSimpleName()).toList();
    }
}
