package io.cutover.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.deploy.RolloutPreview.Step;
import io.cutover.core.manifest.Problem;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.deploy.Action;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RollingPlannerTest {

    private static StrategySpec marathon(Double minHc, Double maxOc) {
        return new StrategySpec(null, minHc, maxOc, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static StrategySpec kubernetes(String surge, String unavailable) {
        return new StrategySpec(null, null, null, surge, unavailable, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @ParameterizedTest(name = "{0} instances, minHC {1}, maxOC {2}, {3} old -> minHealthy {4}, maxCapacity {5}")
    @CsvSource({
            "4, 1.0, 1.0, 4, 4, 8",
            "4, 0.25, 0.25, 4, 1, 5", // the lab's base-min-over
            "4, 1.0, 0.0, 4, 4, 5",   // the +1 rule
            "4, 1.0, 0.0, 2, 4, 4",   // no +1 when fewer old instances than the floor
            "4, 0.5, 0.1, 4, 2, 4",   // the lab calls this unsatisfiable; Marathon's arithmetic moves
            "3, 0.5, 0.5, 3, 2, 4",
            "0, 1.0, 1.0, 4, 0, 1",   // scaling to 0: the +1 rule applies, harmlessly
    })
    void computesMarathonsBounds(int n, double minHc, double maxOc, int old, int minHealthy, int maxCapacity) {
        assertThat(RollingBounds.of(marathon(minHc, maxOc), n, old)).isEqualTo(new RollingBounds(minHealthy, maxCapacity));
    }

    @ParameterizedTest(name = "{0} instances, maxSurge {1}, maxUnavailable {2} -> minHealthy {3}, maxCapacity {4}")
    @CsvSource({
            "4, 1, 0, 4, 5",
            "4, 25%, 25%, 3, 5",
            "3, 25%, 25%, 3, 4",   // surge rounds up, unavailable down
            "1, 0%, 10%, 0, 1",    // both round to 0: one may be unavailable
            "4, 2, , 3, 6",        // the one not given is 25%
            "10, , 0, 10, 13",
    })
    void computesKubernetesBounds(int n, String surge, String unavailable, int minHealthy, int maxCapacity) {
        assertThat(RollingBounds.of(kubernetes(surge, unavailable), n, n)).isEqualTo(new RollingBounds(minHealthy, maxCapacity));
    }

    @Test
    void rejectsStrategiesThatCanNeverMoveOrSayItTwice() {
        assertThat(RollingBounds.problems(kubernetes("0", "0"))).extracting(Problem::field).containsExactly("strategy.maxUnavailable");
        assertThat(RollingBounds.problems(kubernetes("0%", "0"))).singleElement().asString().contains("can never make progress");
        assertThat(RollingBounds.problems(new StrategySpec(null, 0.5, null, "1", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)))
                .singleElement().asString().isEqualTo("strategy.maxSurge: cannot be given together with strategy.minimumHealthCapacity"
                        + " (two ways to say the same thing: use maxSurge/maxUnavailable or minimumHealthCapacity/maximumOverCapacity)");
        assertThat(RollingBounds.problems(kubernetes("lots", "150%"))).extracting(Problem::toString).containsExactly(
                "strategy.maxSurge: \"lots\" (expected: a whole number >= 0 or a percentage like 25%)",
                "strategy.maxUnavailable: 150% (expected: 0%..100%)");
        assertThat(RollingBounds.problems(kubernetes("1", "0"))).isEmpty();
    }

    @Test
    void baseMinOverStopsThreeOldAtOnceThenReplacesTheRest() {
        // With 0.25/0.25 the user allowed capacity down to 25%, so Marathon stops 3 of 4 at once.
        List<Step> steps = RolloutPreview.of(marathon(0.25, 0.25), 4, 4).steps();

        assertThat(steps).containsExactly(
                new Step(0, 1, 3, 1, 0, 3, 1),
                new Step(1, 0, 1, 3, 1, 1, 3),
                new Step(2, 0, 0, 0, 4, 0, 0));
    }

    @Test
    void defaultsStartAllNewThenStopAllOld() {
        assertThat(RolloutPreview.of(StrategySpec.defaults(), 4, 4).steps()).containsExactly(
                new Step(0, 4, 0, 4, 0, 0, 4),
                new Step(1, 0, 4, 0, 4, 4, 0),
                new Step(2, 0, 0, 0, 4, 0, 0));
    }

    @Test
    void surgeOneUnavailableZeroReplacesOneAtATime() {
        List<Step> steps = RolloutPreview.of(kubernetes("1", "0"), 4, 4).steps();

        assertThat(steps).hasSize(9);
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.total()).isLessThanOrEqualTo(5);
            assertThat(s.serving()).isGreaterThanOrEqualTo(4);
        });
        assertThat(steps.get(steps.size() - 1).newServing()).isEqualTo(4);
    }

    @Test
    void replacesAnUnhealthyNewInstanceAndStopsOldOnesThatServeNothing() {
        List<Instance> world = List.of(
                instance("old-a", 1, InstanceState.RUNNING, true, 1),
                instance("old-sick", 1, InstanceState.RUNNING, false, 2),
                instance("new-sick", 2, InstanceState.RUNNING, false, 3).withHealth(Health.UNHEALTHY));

        RollingPlanner.Pass pass = RollingPlanner.pass(StrategySpec.defaults(), 2, 2, 2, world);

        assertThat(pass.actions()).containsExactly(
                new Action.StopInstance("new-sick", "unhealthy"),
                new Action.StopInstance("old-sick", "replaced by revision 2 (not serving)"),
                new Action.StartInstance(2));
        assertThat(pass.complete()).isFalse();
    }

    /**
     * Drives the planner through many random orders of events (an instance becomes routable, a stopping
     * one exits, a new one crashes) and checks the bounds after every pass.
     */
    @ParameterizedTest(name = "minHC {0}, maxOC {1}")
    @CsvSource({"1.0, 1.0", "0.25, 0.25", "1.0, 0.0", "0.5, 0.1", "0.0, 0.0", "0.75, 0.5"})
    void keepsCapacityWithinBoundsInEveryOrderOfEvents(double minHc, double maxOc) {
        for (int seed = 0; seed < 300; seed++) {
            simulate(marathon(minHc, maxOc), 4 + seed % 5, new Random(seed));
        }
    }

    @Test
    void keepsKubernetesBoundsInEveryOrderOfEvents() {
        for (int seed = 0; seed < 300; seed++) {
            simulate(kubernetes("1", "0"), 5, new Random(seed));
            simulate(kubernetes("25%", "25%"), 8, new Random(seed));
        }
    }

    private static void simulate(StrategySpec strategy, int n, Random random) {
        List<Instance> world = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            world.add(instance("old-" + i, 1, InstanceState.RUNNING, true, i));
        }
        RollingBounds bounds = RollingBounds.of(strategy, n, n);
        int seq = 0;
        for (int tick = 0; tick < 10_000; tick++) {
            RollingPlanner.Pass pass = RollingPlanner.pass(strategy, n, 2, n, world);
            if (pass.complete()) {
                return;
            }
            for (Action action : pass.actions()) {
                switch (action) {
                    case Action.StopInstance stop ->
                            world.replaceAll(i -> i.id().equals(stop.instanceId()) ? i.withState(InstanceState.STOPPING) : i);
                    case Action.StartInstance start ->
                            world.add(instance("new-" + seq++, 2, InstanceState.STARTING, false, 100 + seq));
                    default -> throw new AssertionError("a rolling pass only starts and stops instances: " + action);
                }
            }
            long serving = world.stream().filter(Instance::routable).count();
            assertThat(world).as("instances at tick %d", tick).hasSizeLessThanOrEqualTo(bounds.maxCapacity());
            assertThat(serving).as("serving at tick %d", tick).isGreaterThanOrEqualTo(Math.min(bounds.minHealthy(), n));

            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < world.size(); i++) {
                if (world.get(i).state() != InstanceState.RUNNING || !world.get(i).routable()) {
                    pending.add(i);
                }
            }
            assertThat(pending).as("something must be under way at tick %d", tick).isNotEmpty();
            int index = pending.get(random.nextInt(pending.size()));
            Instance picked = world.get(index);
            if (picked.state() == InstanceState.STOPPING) {
                world.remove(index);
            } else if (random.nextInt(20) == 0) {
                world.remove(index); // a new instance crashed before it became ready
            } else {
                world.set(index, picked.withState(InstanceState.RUNNING).withHealth(Health.HEALTHY).withReady(true));
            }
        }
        throw new AssertionError("did not finish");
    }

    private static Instance instance(String id, int revision, InstanceState state, boolean routable, int order) {
        return new Instance(id, "a", revision, "127.0.0.1", 1, 0, null, state,
                routable ? Health.HEALTHY : Health.UNKNOWN, routable, Instant.EPOCH.plusSeconds(order), "-");
    }
}
