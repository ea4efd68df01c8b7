package io.cutover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.health.CheckListener;
import io.cutover.controller.health.HealthChecker;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.StoredEvent;
import io.cutover.controller.store.SqliteStore;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.Action;
import io.cutover.core.deploy.AnalysisSlot;
import io.cutover.core.deploy.AppState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.Event;
import io.cutover.core.deploy.LaunchBackoff;
import io.cutover.core.deploy.Plan;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.manifest.RevisionHash;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.Revision;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor against a real store, event log and route publisher (no routers), with no instances: it
 * writes what a plan records with its events in one transaction, drops the rest of a plan whose
 * deployment changed meanwhile, rolls the app back, remembers a failed run part, asks the planner what
 * follows an answer, and schedules the next pass.
 */
class PlanExecutorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final RevisionHash HASH = new RevisionHash(new byte[RevisionHash.MIN_KEY_BYTES]);
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Store store;
    private EventLog events;
    private RoutePublisher routes;
    private HealthChecker checker;
    private final List<Instant> wakeups = new ArrayList<>();
    private PlanExecutor executor;

    /** No instance is ever launched here: a plan that tried would fail the test. */
    private static final class NoRuntime implements InstanceRuntime {
        @Override public io.cutover.core.manifest.RuntimeKind kind() { return io.cutover.core.manifest.RuntimeKind.LOCAL; }
        @Override public String logLocation(String instanceId) { throw new AssertionError("no launch expected"); }
        @Override public Launched launch(Launch launch) { throw new AssertionError("no launch expected"); }
        @Override public Launched adopt(Instance recorded, Duration grace) { throw new AssertionError("no adoption expected"); }
        @Override public Launched find(String instanceId, Duration grace) { throw new AssertionError("no adoption expected"); }
        @Override public List<Orphan> stopOrphans(java.util.function.Predicate<String> known, Duration grace) { return List.of(); }
        @Override public void terminate(Launched instance) { throw new AssertionError("no stop expected"); }
        @Override public void kill(Launched instance) { throw new AssertionError("no stop expected"); }
        @Override public LogChunk tail(Instance instance, int lines) { return new LogChunk(java.util.List.of(), 0); }
        @Override public LogChunk since(Instance instance, long cursor) { return new LogChunk(java.util.List.of(), cursor); }
    }

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir);
        events = new EventLog(store, CLOCK);
        routes = new RoutePublisher(store, events, null, CLOCK, Duration.ofSeconds(5));
        checker = new HealthChecker(new CheckListener() {
            @Override public void healthChanged(String instanceId, Health health, String detail) {}
            @Override public void ready(String instanceId) {}
        }, CLOCK);
        Instances instances = new Instances(store, events, new NoRuntime(), routes, checker, CLOCK, (app, id, code) -> {});
        executor = new PlanExecutor(store, events, routes, instances, new LaunchBackoffs(), new SwitchWaiters(), CLOCK,
                (app, at) -> wakeups.add(at));
    }

    @AfterEach
    void stop() {
        checker.close();
        routes.close();
        store.close();
    }

    private AppSpec spec(String version, String strategy) {
        return Manifests.parse("name: a\ninstances: 2\nrun: {command: x, env: {V: \"" + version + "\"}}\nstrategy: " + strategy + "\n");
    }

    /** App {@code a} at revision 2, deploying from 1 to 2 under {@code strategy}. */
    private Deployment deploying(StrategySpec.Type type, String strategy) {
        return store.transaction(tx -> {
            AppSpec one = spec("1", strategy);
            AppSpec two = spec("2", strategy);
            tx.putRevision(new Revision("a", 1, HASH.of(one), one, T0));
            tx.putRevision(new Revision("a", 2, HASH.of(two), two, T0));
            tx.putApp(new AppRecord(two, 2, false, T0, T0));
            return tx.insertDeployment("a", type, 1, 2, 2, T0);
        });
    }

    private AppRecord app() {
        return store.app("a").orElseThrow();
    }

    private AppState state(Deployment d) {
        return new AppState(app().spec(), app().revision(), false, List.of(), d, LaunchBackoff.NONE);
    }

    private List<String> eventTypes() {
        return store.events(0, 100, "a").stream().map(StoredEvent::type).toList();
    }

    @Test
    void recordsAStepWithItsEventsAndWakesWhenAsked() {
        Deployment d = deploying(StrategySpec.Type.ROLLING, "{type: rolling}");
        Deployment next = d.moveTo(Deployment.Reason.PAUSED, "held", T0);

        executor.execute(app(), state(d), Plan.of(new Action.RecordStep(next, List.of(Event.of("deployment_paused", d.id()))),
                new Action.WakeAt(T0.plusSeconds(5))));

        assertThat(store.deployment(d.id()).orElseThrow().reason()).isEqualTo(Deployment.Reason.PAUSED);
        assertThat(eventTypes()).containsExactly("deployment_paused");
        assertThat(wakeups).containsExactly(T0.plusSeconds(5));
    }

    @Test
    void dropsTheRestOfAPlanWhoseDeploymentChangedMeanwhileAndAsksForANewPass() {
        Deployment d = deploying(StrategySpec.Type.ROLLING, "{type: rolling}");
        Deployment changedMeanwhile = d.moveTo(Deployment.Reason.PAUSED, "paused by an operator", T0);
        store.transaction(tx -> tx.replaceDeployment(d, changedMeanwhile));

        executor.execute(app(), state(d), Plan.of(
                new Action.RecordStep(d.observe(d.progress(), "moved", T0), List.of(Event.of("deployment_step", d.id()))),
                new Action.RemoveApp(), new Action.WakeAt(T0.plusSeconds(9))));

        assertThat(store.deployment(d.id()).orElseThrow().message()).isEqualTo("paused by an operator");
        assertThat(eventTypes()).as("nothing of the stale plan").isEmpty();
        assertThat(store.app("a")).as("the rest of the plan was dropped").isPresent();
        assertThat(wakeups).containsExactly(T0, T0.plusSeconds(9));
    }

    @Test
    void aRollbackPointsTheAppBackAtTheOldRevisionAndAFailedFinishRemembersTheRunPart() {
        Deployment d = deploying(StrategySpec.Type.ROLLING, "{type: rolling}");
        Deployment canceling = d.failed("boom", Deployment.Reason.CANCELING, T0);

        executor.execute(app(), state(d), Plan.of(new Action.RollBack(canceling, Event.of("deployment_canceling", d.id()))));
        assertThat(app().revision()).isEqualTo(1);
        assertThat(app().spec().run().env()).containsEntry("V", "1");

        Deployment failed = canceling.moveTo(Deployment.Reason.FAILED, "rolled back", T0);
        executor.execute(app(), state(canceling), Plan.of(new Action.Finish(failed, Event.of("deployment_finished", d.id()))));
        assertThat(store.deployment(d.id()).orElseThrow().reason()).isEqualTo(Deployment.Reason.FAILED);
        String hash = store.revision("a", 2).orElseThrow().hash();
        assertThat(store.failedRevision("a", hash)).as("refused until forced").isPresent();
        assertThat(eventTypes()).containsExactly("deployment_canceling", "deployment_finished");
    }

    @Test
    void anAnswerGoesToThePlannerAndWhatItDecidesIsCarriedOut() {
        Deployment d = deploying(StrategySpec.Type.BLUE_GREEN, "{type: blueGreen}");

        executor.execute(app(), state(d), Plan.of(new Action.BeginAnalysis(AnalysisSlot.BASELINE)));

        Deployment stored = store.deployment(d.id()).orElseThrow();
        assertThat(stored.blueGreen().blueBaseline()).as("blue's counters read from the routers (none here)").isNotNull();
        assertThat(wakeups).as("the planner asked for the next pass").containsExactly(T0);
    }

    @Test
    void removesADeletedAppWithItsEvent() {
        deploying(StrategySpec.Type.ROLLING, "{type: rolling}");

        executor.execute(app(), new AppState(app().spec(), 2, true, List.of(), null, LaunchBackoff.NONE), Plan.of(new Action.RemoveApp()));

        assertThat(store.app("a")).isEmpty();
        assertThat(eventTypes()).containsExactly("app_deleted");
    }
}
