package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.FailedRevision;
import io.cutover.controller.store.Store;
import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.deploy.Action;
import io.cutover.core.deploy.AppPlanner;
import io.cutover.core.deploy.AppState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.Event;
import io.cutover.core.deploy.Observation;
import io.cutover.core.deploy.Plan;
import io.cutover.core.model.Revision;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries out a plan's actions in order, through the runtime ({@link Instances}), the routers
 * ({@link RoutePublisher}) and the store. It knows nothing of strategies: an action that asks for an
 * answer gets one (counters, a hook's output, the probes' result, the switch confirmed), and the
 * planner's {@link AppPlanner#observe} decides what follows, which this executor carries out in turn.
 *
 * <p>Called on the app's worker thread only (see {@link AppWorker}).
 */
final class PlanExecutor {

    /** Plans another pass of an app at a time. */
    interface Wakeups {
        void passAt(String app, Instant at);
    }


    private final Store store;
    private final EventLog events;
    private final RoutePublisher routes;
    private final Instances instances;
    private final LaunchBackoffs backoffs;
    private final SwitchWaiters switches;
    private final Clock clock;
    private final Wakeups wakeups;

    PlanExecutor(Store store, EventLog events, RoutePublisher routes, Instances instances, LaunchBackoffs backoffs,
            SwitchWaiters switches, Clock clock, Wakeups wakeups) {
        this.store = store;
        this.events = events;
        this.routes = routes;
        this.instances = instances;
        this.backoffs = backoffs;
        this.switches = switches;
        this.clock = clock;
        this.wakeups = wakeups;
    }

    /** Where an execution stands: the deployment as last written, and whether it ended. */
    private static final class Run {
        final AppState app;
        Deployment deployment;
        boolean stopped;

        Run(AppState app) {
            this.app = app;
            this.deployment = app.deployment();
        }
    }

    /** Carries out {@code plan}, made for {@code app} as observed. */
    void execute(AppRecord record, AppState app, Plan plan) {
        run(record, new Run(app), plan);
    }

    /** Hands an observation to the planner and carries out what it decided. */
    void observe(AppRecord record, AppState app, Observation observation) {
        run(record, new Run(app), AppPlanner.observe(app, observation));
    }

    private void run(AppRecord record, Run run, Plan plan) {
        String name = record.name();
        for (Action action : plan.actions()) {
            if (run.stopped && !(action instanceof Action.WakeAt)) {
                continue;
            }
            switch (action) {
                case Action.StartInstance start -> {
                    Deployment d = run.deployment;
                    Instances.FailedLaunch failed = instances.launch(record, start.revision(),
                            d == null ? null : d.handoffFor(start.revision()));
                    if (failed != null) {
                        backoffs.failed(name, clock.instant());
                        wakeups.passAt(name, clock.instant().plus(backoffs.of(name).delay(record.spec())));
                        // counted like an instance that exited: a deployment whose instances cannot start fails.
                        // The rest of this plan was made before the failure (its steps would write the count
                        // back): the pass at the end of the back-off plans again from the store.
                        answer(record, run, new Observation.InstanceFailed(clock.instant(), failed.instance(), failed.reason()));
                        run.stopped = true;
                    }
                }
                case Action.StopInstance stop -> instances.beginStop(stop.instanceId(), stop.reason());
                case Action.PublishRoutes publish -> {
                    if (publish.awaitRouters()) {
                        routes.publishAndConfirm(name);
                    } else {
                        routes.publish(name);
                    }
                }
                case Action.RecordStep step -> write(run, step.deployment(), step.events(), tx -> {});
                case Action.Finish finish -> {
                    Deployment before = run.deployment;
                    write(run, finish.finished(), List.of(finish.event()), tx -> rememberOutcome(tx, before, finish.finished()));
                }
                case Action.RollBack rollBack -> {
                    Deployment before = run.deployment;
                    write(run, rollBack.canceling(), List.of(rollBack.event()), tx -> revertApp(tx, record, before, clock.instant()));
                }
                case Action.ResetBackoff reset -> backoffs.reset(name);
                case Action.BeginAnalysis begin -> answer(record, run, new Observation.WindowOpened(begin.slot(), clock.instant(),
                        counters(name, run.deployment.fromRevision()), counters(name, run.deployment.toRevision())));
                case Action.JudgeAnalysis judge -> answer(record, run, new Observation.WindowClosed(judge.slot(), clock.instant(),
                        counters(name, run.deployment.fromRevision()), counters(name, run.deployment.toRevision())));
                case Action.RunHandoff handoff -> {
                    Handoff.Outcome outcome = store.revision(name, handoff.revision())
                            .map(old -> Handoff.run(handoff.hook(), old, store.instances(name).stream()
                                    .filter(i -> i.revision() == handoff.revision()).toList(), instances.runtime()))
                            .orElseGet(() -> new Handoff.Outcome(false, "revision " + handoff.revision() + " is gone"));
                    answer(record, run, new Observation.HandedOff(clock.instant(), outcome.ok(), outcome.output()));
                }
                case Action.ProbePreview probe -> answer(record, run,
                        new Observation.Probed(clock.instant(), PreviewProbe.run(routes.hub(), name, probe.probes())));
                case Action.Switch ignored -> {
                    routes.publishAndConfirm(name); // one generation: everything to the new revision, every router confirmed
                    answer(record, run, new Observation.Switched(clock.instant(), counters(name, run.deployment.fromRevision())));
                }
                case Action.RemoveApp ignored -> removeApp(name);
                case Action.WakeAt wake -> wakeups.passAt(name, wake.at());
            }
        }
    }

    private void answer(AppRecord record, Run run, Observation observation) {
        AppState seen = new AppState(run.app.spec(), run.app.revision(), run.app.deleting(), store.instances(record.name()),
                run.deployment, backoffs.of(record.name()));
        Run inner = new Run(seen);
        run(record, inner, AppPlanner.observe(seen, observation));
        run.deployment = inner.deployment;
        run.stopped |= inner.stopped;
    }

    /** Writes {@code next} over the deployment as last written, with its events; on a lost race stops the run. */
    private void write(Run run, Deployment next, List<Event> stepEvents, java.util.function.Consumer<Store.Tx> also) {
        Deployment seen = run.deployment;
        if (seen == null) {
            throw new IllegalStateException("no deployment to write " + next.id() + " over");
        }
        boolean written = store.transaction(tx -> {
            if (!tx.replaceDeployment(seen, next)) {
                return false; // changed meanwhile (canceled, superseded, controlled): a new pass sees it
            }
            also.accept(tx);
            for (Event event : stepEvents) {
                events.append(tx, event.type(), next.app(), event.data());
            }
            return true;
        });
        events.published(events.lastId());
        if (!written) {
            run.stopped = true;
            wakeups.passAt(next.app(), clock.instant());
            return;
        }
        run.deployment = next;
        switches.written(next);
    }

    /** The Flink operator's failed deploy hash: the same run part is refused until forced, and forgotten once deployed. */
    private static void rememberOutcome(Store.Tx tx, Deployment before, Deployment finished) {
        tx.revision(finished.app(), before.toRevision()).ifPresent(revision -> {
            if (finished.reason() == Deployment.Reason.FAILED) {
                tx.putFailedRevision(new FailedRevision(finished.app(), revision.hash(), finished.id(), finished.updatedAt(),
                        before.failure()));
            } else if (finished.reason() == Deployment.Reason.DEPLOYED) {
                tx.clearFailedRevision(finished.app(), revision.hash());
            }
        });
    }

    /**
     * Points the app back at the revision a deployment came from (its spec, with the current instance
     * count), so the steady state after the rollback keeps it. A new app goes back to no instances.
     */
    static void revertApp(Store.Tx tx, AppRecord seen, Deployment deployment, Instant now) {
        AppRecord app = tx.app(seen.name()).orElse(seen);
        if (deployment.fromRevision() == 0) {
            tx.putApp(new AppRecord(app.spec().withInstances(0), app.revision(), false, app.createdAt(), now));
            return;
        }
        Revision from = tx.revision(app.name(), deployment.fromRevision())
                .orElseThrow(() -> new IllegalStateException("revision " + deployment.fromRevision() + " is missing"));
        tx.putApp(new AppRecord(from.spec().withInstances(app.spec().instances()), from.number(), false, app.createdAt(), now));
    }

    private void removeApp(String name) {
        store.transaction(tx -> {
            tx.deleteApp(name);
            return events.append(tx, "app_deleted", name, Map.of());
        });
        events.published(events.lastId());
        backoffs.reset(name);
        routes.publish(name);
        instances.tidyLater(Set.of(name));
    }

    private RevisionCounters counters(String app, int revision) {
        return routes.hub().counters(app, revision);
    }
}
