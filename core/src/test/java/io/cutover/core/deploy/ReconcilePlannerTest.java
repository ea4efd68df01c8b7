package io.cutover.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.deploy.Action.StartInstance;
import io.cutover.core.deploy.Action.StopInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilePlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final AppSpec SPEC = Manifests.parse("name: a\ninstances: 3\nrun: {command: x}\n");

    private static Instance instance(String id, int revision, InstanceState state, Health health, int ageSeconds) {
        return new Instance(id, "a", revision, "127.0.0.1", 10000 + id.hashCode() % 1000 + 1000, 1, null,
                state, health, true, NOW.minusSeconds(ageSeconds), "/tmp/" + id + ".log");
    }

    private static Instance running(String id, int revision) {
        return instance(id, revision, InstanceState.RUNNING, Health.HEALTHY, 60);
    }

    @Test
    void startsTheMissingInstances() {
        Plan plan = ReconcilePlanner.plan(SPEC, 1, List.of(running("a1", 1)), LaunchBackoff.NONE, NOW);

        assertThat(plan.actions()).containsExactly(new StartInstance(1), new StartInstance(1));
        assertThat(plan.wakeAt()).isNull();
    }

    @Test
    void doesNothingAtTheDesiredCount() {
        List<Instance> three = List.of(running("a1", 1), running("a2", 1), running("a3", 1));

        assertThat(ReconcilePlanner.plan(SPEC, 1, three, LaunchBackoff.NONE, NOW).isEmpty()).isTrue();
    }

    @Test
    void scalesDownTheLeastUsefulFirst() {
        List<Instance> instances = List.of(
                running("old", 1),
                instance("young", 1, InstanceState.RUNNING, Health.HEALTHY, 5),
                instance("starting", 1, InstanceState.STARTING, Health.UNKNOWN, 1),
                running("older", 1));

        Plan plan = ReconcilePlanner.plan(SPEC.withInstances(2), 1, instances, LaunchBackoff.NONE, NOW);

        assertThat(plan.actions()).containsExactly(
                new StopInstance("starting", "scaled down to 2"), new StopInstance("young", "scaled down to 2"));
    }

    @Test
    void replacesInstancesOfOtherRevisionsAndUnhealthyOnes() {
        List<Instance> instances = List.of(
                running("r1", 1),
                instance("sick", 2, InstanceState.RUNNING, Health.UNHEALTHY, 60),
                running("r2", 2),
                instance("leaving", 1, InstanceState.STOPPING, Health.HEALTHY, 60));

        Plan plan = ReconcilePlanner.plan(SPEC, 2, instances, LaunchBackoff.NONE, NOW);

        assertThat(plan.actions()).containsExactly(
                new StopInstance("r1", "replaced by revision 2"),
                new StopInstance("sick", "unhealthy"),
                new StartInstance(2), new StartInstance(2));
    }

    @Test
    void holdsLaunchesBackDuringBackoffAndWakesWhenItEnds() {
        LaunchBackoff backoff = LaunchBackoff.NONE.afterFailure(NOW.minusMillis(500));

        Plan waiting = ReconcilePlanner.plan(SPEC, 1, List.of(), backoff, NOW);
        Plan after = ReconcilePlanner.plan(SPEC, 1, List.of(), backoff, NOW.plusSeconds(1));

        assertThat(waiting.actions()).containsExactly(new Action.WakeAt(NOW.plusMillis(500)));
        assertThat(after.actions()).hasSize(3);
    }

    @Test
    void backoffGrowsByTheFactorUpToTheCap() {
        AppSpec spec = Manifests.parse("name: a\nrun: {command: x}\nbackoffSeconds: 2\nbackoffFactor: 2\nmaxLaunchDelaySeconds: 10\n");
        LaunchBackoff backoff = LaunchBackoff.NONE;
        List<Duration> delays = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            backoff = backoff.afterFailure(NOW);
            delays.add(backoff.delay(spec));
        }

        assertThat(delays).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(10), Duration.ofSeconds(10));
    }
}
