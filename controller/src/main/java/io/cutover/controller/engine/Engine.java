package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.health.CheckListener;
import io.cutover.controller.health.HealthChecker;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.RecreatePlanner;
import io.cutover.core.deploy.RollingPlanner;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Revision;
import io.cutover.core.plan.Action;
import io.cutover.core.plan.LaunchBackoff;
import io.cutover.core.plan.Plan;
import io.cutover.core.plan.ReconcilePlanner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop (DESIGN §5): for each app, observed state and desired state go through a planner,
 * whose actions this engine executes; observations (exits, health, readiness) trigger the next pass.
 *
 * <p>Threading: one {@link AppWorker} per app runs that app's passes and observations in order; apps run
 * in parallel. Stopping an instance (drain, SIGTERM, SIGKILL) runs on its own virtual thread and reports
 * back through the exit observation.
 */
public final class Engine implements CheckListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final int FAILURE_LOG_LINES = 10;

    private final Store store;
    private final EventLog events;
    private final InstanceRuntime runtime;
    private final RoutePublisher routes;
    private final Path logDir;
    private final Clock clock;
    private final HealthChecker checker;
    private final StopSequence stops;
    private final CanaryDriver canaries;
    private final BlueGreenDriver blueGreens;
    private final ScheduledExecutorService timer;
    private final Map<String, AppWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, Launched> processes = new ConcurrentHashMap<>();
    private final Map<String, String> appOfInstance = new ConcurrentHashMap<>();
    private final Map<String, String> stopReasons = new ConcurrentHashMap<>();
    private final Map<String, LaunchBackoff> backoffs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Engine(Store store, EventLog events, InstanceRuntime runtime, RoutePublisher routes, Path logDir, Clock clock) {
        this.store = store;
        this.events = events;
        this.runtime = runtime;
        this.routes = routes;
        this.logDir = logDir;
        this.clock = clock;
        this.checker = new HealthChecker(this, clock);
        this.stops = new StopSequence(runtime, routes, events, clock);
        DeploymentHost steps = new DeploymentHost() {
            @Override
            public void execute(AppRecord app, List<Action> actions, Instant now) {
                executeDuringBackoff(app, actions, now);
            }

            @Override
            public void finish(AppRecord app, Deployment deployment, Deployment next, int desired, Instant now) {
                Engine.this.finish(app, deployment, next, desired, now);
            }

            @Override
            public void fail(AppRecord app, Deployment deployment, String why) {
                Engine.this.fail(app, deployment, why);
            }

            @Override
            public boolean rollBack(AppRecord app, Deployment seen, Deployment canceling, String why) {
                return Engine.this.rollBack(app, seen, canceling, why);
            }

            @Override
            public void passIn(String app, Duration delay) {
                if (delay.isZero()) {
                    worker(app).requestPass();
                } else {
                    worker(app).requestPassIn(delay);
                }
            }
        };
        this.canaries = new CanaryDriver(store, events, routes, clock, steps);
        this.blueGreens = new BlueGreenDriver(store, events, routes, clock, steps);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cutover-engine-timer").factory());
    }

    /**
     * Re-adopts the instances a previous server left running, forgets those that died, publishes the
     * routes and starts a pass for every app.
     */
    public void start() {
        for (Instance recorded : store.allInstances()) {
            appOfInstance.put(recorded.id(), recorded.app());
            Instance instance = recorded;
            Launched launched;
            if (recorded.pid() == 0) {
                // The last server went down while launching it: look for the process by the instance's id.
                launched = runtime.find(recorded.id());
                if (launched != null) {
                    Instance found = recorded.withProcess(launched.pid(), launched.processStart());
                    instance = found;
                    store.transaction(tx -> {
                        tx.putInstance(found);
                        return 0L;
                    });
                }
            } else {
                launched = runtime.adopt(recorded.pid(), recorded.processStart());
            }
            if (launched == null) {
                store.transaction(tx -> {
                    tx.deleteInstance(recorded.id());
                    return events.append(tx, "instance_exited", recorded.app(), Map.of("instance", recorded.id(),
                            "pid", recorded.pid(), "reason", recorded.pid() == 0
                                    ? "its launch did not complete before the server went down"
                                    : "exited while the server was down"));
                });
                appOfInstance.remove(recorded.id());
                continue;
            }
            track(instance, launched);
            events.append("instance_adopted", instance.app(), Map.of("instance", instance.id(), "pid", instance.pid(),
                    "state", instance.state().name()));
            if (instance.state() == InstanceState.STOPPING) {
                startStop(instance, launched, 0);
            } else {
                watch(instance);
            }
        }
        events.published(events.lastId());
        routes.publish();
        store.apps().forEach(app -> worker(app.name()).requestPass());
    }

    /**
     * Completes once blue-green deployment {@code id} switched (every router confirmed it) or can no
     * longer switch; with the deployment then.
     */
    public java.util.concurrent.CompletableFuture<Deployment> whenSwitched(long id) {
        return blueGreens.whenSwitched(id);
    }

    /** Asks for a reconcile pass of {@code app} (after a change to its desired state). */
    public void changed(String app) {
        worker(app).requestPass();
    }

    /** The launch backoff an app is in, for display. */
    public LaunchBackoff backoff(String app) {
        return backoffs.getOrDefault(app, LaunchBackoff.NONE);
    }

    // ---- the pass ----

    private void pass(String app) {
        if (closed) {
            return;
        }
        Optional<AppRecord> record = store.app(app);
        if (record.isEmpty()) {
            return;
        }
        List<Instance> instances = store.instances(app);
        if (record.get().deleting()) {
            finishDelete(record.get(), instances);
            return;
        }
        Instant now = clock.instant();
        Optional<Deployment> deployment = store.activeDeployment(app);
        if (deployment.isPresent()) {
            deploymentPass(record.get(), deployment.get(), instances, now);
            return;
        }
        AppSpec spec = record.get().spec();
        Plan plan = ReconcilePlanner.plan(spec, record.get().revision(), instances, backoff(app), now);
        execute(record.get(), plan.actions());
        if (plan.wakeAt() != null) {
            worker(app).requestPassIn(Duration.between(now, plan.wakeAt()));
        }
    }

    private void execute(AppRecord app, List<Action> actions) {
        for (Action action : actions) {
            switch (action) {
                case Action.StartInstance start -> launch(app, start.revision());
                case Action.StopInstance stop -> beginStop(stop.instanceId(), stop.reason());
            }
        }
    }

    /** One pass of an active deployment: plan by its strategy, act, record progress, finish or fail it. */
    private void deploymentPass(AppRecord app, Deployment deployment, List<Instance> instances, Instant now) {
        if (deployment.canary() != null && deployment.fromRevision() != 0 && deployment.reason() != Deployment.Reason.CANCELING) {
            canaries.pass(app, deployment, instances, now);
            return;
        }
        if (deployment.blueGreen() != null && deployment.fromRevision() != 0 && deployment.reason() != Deployment.Reason.CANCELING) {
            blueGreens.pass(app, deployment, instances, now);
            return;
        }
        if (deployment.reason() == Deployment.Reason.PAUSED) {
            return;
        }
        StrategySpec strategy = app.spec().strategy();
        Instant deadline = deployment.progressAt().plusSeconds(strategy.progressDeadlineSeconds());
        if (deployment.reason() == Deployment.Reason.DEPLOYING && !now.isBefore(deadline)) {
            fail(app, deployment, "no progress for " + strategy.progressDeadlineSeconds() + "s (progressDeadlineSeconds)");
            return;
        }
        int target = deployment.target();
        int desired = target == 0 ? 0 : app.spec().instances();
        RollingPlanner.Pass pass = deployment.strategy() == StrategySpec.Type.RECREATE
                ? RecreatePlanner.plan(desired, target, instances)
                : RollingPlanner.plan(strategy, desired, target, deployment.oldAtStart(), instances);
        executeDuringBackoff(app, pass.actions(), now);

        Deployment next = deployment.observe(pass.progress(), describe(pass.progress(), desired), now);
        if (pass.complete()) {
            finish(app, deployment, next, desired, now);
            return;
        }
        boolean stepped = !next.progress().equals(deployment.progress());
        store.transaction(tx -> {
            if (!tx.replaceDeployment(deployment, next)) {
                return null; // changed meanwhile: the next pass sees it
            }
            if (stepped) {
                events.append(tx, "deployment_step", app.name(), Map.of("deployment", next.id(),
                        "step", next.progress().newRoutable(), "steps", desired, "message", next.message()));
            }
            return null;
        });
        events.published(events.lastId());
        if (next.reason() == Deployment.Reason.DEPLOYING) {
            worker(app.name()).requestPassIn(Duration.between(now, next.progressAt().plusSeconds(strategy.progressDeadlineSeconds())));
        }
    }

    /** Executes a deployment pass's actions, holding its launches back while the app's launch backoff runs. */
    private void executeDuringBackoff(AppRecord app, List<Action> actions, Instant now) {
        Instant nextLaunch = backoff(app.name()).nextLaunchAt(app.spec());
        boolean holdLaunches = nextLaunch != null && now.isBefore(nextLaunch);
        execute(app, holdLaunches ? actions.stream().filter(a -> a instanceof Action.StopInstance).toList() : actions);
        if (holdLaunches) {
            worker(app.name()).requestPassIn(Duration.between(now, nextLaunch));
        }
    }

    /** Finalizes a deployment whose last pass found it complete; the steady state takes over. */
    private void finish(AppRecord app, Deployment deployment, Deployment next, int desired, Instant now) {
        Deployment.Reason outcome = deployment.reason() == Deployment.Reason.CANCELING
                ? deployment.failure() != null ? Deployment.Reason.FAILED : Deployment.Reason.CANCELED
                : Deployment.Reason.DEPLOYED;
        String why = switch (outcome) {
            case DEPLOYED -> "revision " + deployment.target() + " runs on " + desired + " instance" + (desired == 1 ? "" : "s");
            case FAILED -> "rolled back to revision " + deployment.fromRevision() + " after: " + deployment.failure();
            default -> "rolled back to revision " + deployment.fromRevision();
        };
        Deployment finished = next.moveTo(outcome, why, now);
        boolean written = store.transaction(tx -> {
            if (!tx.replaceDeployment(deployment, finished)) {
                return false; // changed meanwhile (canceled, superseded): the next pass sees it
            }
            events.append(tx, "deployment_finished", app.name(), Map.of("deployment", finished.id(),
                    "outcome", outcome.name(), "message", why));
            // The Flink operator's failed deploy hash: the same run part is refused until forced.
            tx.revision(app.name(), deployment.toRevision()).ifPresent(revision -> {
                if (outcome == Deployment.Reason.FAILED) {
                    tx.putFailedRevision(new io.cutover.controller.store.FailedRevision(app.name(), revision.hash(), finished.id(),
                            now, deployment.failure()));
                } else if (outcome == Deployment.Reason.DEPLOYED) {
                    tx.clearFailedRevision(app.name(), revision.hash());
                }
            });
            return true;
        });
        if (!written) {
            worker(app.name()).requestPass();
            return;
        }
        events.published(events.lastId());
        backoffs.remove(app.name());
        if (deployment.canaryRevision() != null) {
            routes.publish(app.name()); // no canary any more: its host and header go
        }
        pass(app.name()); // steady state takes over
    }

    private static String describe(RollingPlanner.Progress p, int desired) {
        return p.newRoutable() + " of " + desired + " new instances ready (" + p.newLive() + " running); "
                + p.oldRemaining() + " old instance" + (p.oldRemaining() == 1 ? "" : "s") + " left";
    }

    /** The deployment failed: roll back to where it came from, or pause, as the strategy says. */
    private void fail(AppRecord app, Deployment deployment, String why) {
        Instant now = clock.instant();
        boolean rollback = app.spec().strategy().onFailure() == StrategySpec.OnFailure.ROLLBACK;
        Deployment failed = deployment.failed(why, rollback ? Deployment.Reason.CANCELING : Deployment.Reason.PAUSED, now);
        store.transaction(tx -> {
            if (!tx.replaceDeployment(deployment, failed)) {
                return null; // changed meanwhile: the next pass sees it
            }
            if (rollback) {
                Apps.revertApp(tx, tx.app(app.name()).orElse(app), deployment, now);
            }
            return events.append(tx, rollback ? "deployment_canceling" : "deployment_paused", app.name(),
                    Map.of("deployment", failed.id(), "failure", why));
        });
        events.published(events.lastId());
        backoffs.remove(app.name());
        worker(app.name()).requestPass();
    }

    /** See {@link DeploymentHost#rollBack}. */
    private boolean rollBack(AppRecord app, Deployment seen, Deployment canceling, String why) {
        Instant now = clock.instant();
        boolean written = store.transaction(tx -> {
            if (!tx.replaceDeployment(seen, canceling)) {
                return false;
            }
            Apps.revertApp(tx, tx.app(app.name()).orElse(app), seen, now);
            events.append(tx, "deployment_canceling", app.name(), Map.of("deployment", canceling.id(),
                    "toRevision", seen.fromRevision(), "reason", why));
            return true;
        });
        events.published(events.lastId());
        if (written) {
            routes.publishAndConfirm(app.name());
        }
        worker(app.name()).requestPass();
        return written;
    }

    /** Counts a failed launch against the app's active deployment, and fails it at the limit. */
    private void launchFailed(String app, Instance instance) {
        Optional<Deployment> active = store.activeDeployment(app);
        Optional<AppRecord> record = store.app(app);
        if (active.isEmpty() || record.isEmpty() || active.get().reason() != Deployment.Reason.DEPLOYING
                || instance.revision() != active.get().toRevision()) {
            return;
        }
        Deployment counted = active.get().launchFailed(clock.instant());
        if (!store.transaction(tx -> tx.replaceDeployment(active.get(), counted))) {
            return;
        }
        int limit = record.get().spec().strategy().maxLaunchFailures();
        if (counted.launchFailures() >= limit) {
            fail(record.get(), counted, "new instances failed " + counted.launchFailures() + " times (maxLaunchFailures "
                    + limit + "); last log lines of " + instance.id() + ":\n" + tail(instance));
        }
    }

    private static String tail(Instance instance) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(Path.of(instance.logFile()));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - FAILURE_LOG_LINES), lines.size()));
        } catch (java.io.IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void finishDelete(AppRecord app, List<Instance> instances) {
        boolean routesChanged = false;
        for (Instance instance : instances) {
            if (instance.live()) {
                beginStop(instance.id(), "app deleted");
            }
        }
        if (instances.isEmpty()) {
            store.transaction(tx -> {
                tx.deleteApp(app.name());
                return events.append(tx, "app_deleted", app.name(), Map.of());
            });
            events.published(events.lastId());
            backoffs.remove(app.name());
            routesChanged = true;
        }
        if (routesChanged) {
            routes.publish(app.name());
        }
    }

    /** Launches one instance of a revision; it is routed only once its checks pass. */
    private void launch(AppRecord app, int revisionNumber) {
        Revision revision = store.revision(app.name(), revisionNumber)
                .orElseThrow(() -> new IllegalStateException("revision " + revisionNumber + " of " + app.name() + " is missing"));
        AppSpec spec = revision.spec();
        String id = app.name() + "-" + revisionNumber + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        Path logFile = logDir.resolve(id + ".log");
        int port = runtime.allocatePort();
        // Recorded before it runs (DESIGN §2.6): a server that dies during the launch finds the process
        // again by its id on restart, instead of leaving it running unknown.
        Instance intended = new Instance(id, app.name(), revisionNumber, "127.0.0.1", port, 0, null,
                InstanceState.STARTING, Health.UNKNOWN, spec.readinessCheck() == null, clock.instant(), logFile.toString());
        store.transaction(tx -> {
            tx.putInstance(intended);
            return 0L;
        });
        Launched launched;
        try {
            launched = runtime.launch(id, withHandoff(app.name(), revisionNumber, spec.run()), port, logFile);
        } catch (RuntimeException e) {
            store.transaction(tx -> {
                tx.deleteInstance(id);
                return 0L;
            });
            backoffs.merge(app.name(), LaunchBackoff.NONE.afterFailure(clock.instant()), (old, n) -> old.afterFailure(clock.instant()));
            events.append("instance_launch_failed", app.name(), Map.of("revision", revisionNumber, "reason", String.valueOf(e.getMessage())));
            worker(app.name()).requestPassIn(backoff(app.name()).delay(app.spec()));
            return;
        }
        Instance instance = intended.withProcess(launched.pid(), launched.processStart());
        store.transaction(tx -> {
            tx.putInstance(instance);
            return events.append(tx, "instance_started", app.name(), Map.of("instance", id, "revision", revisionNumber,
                    "pid", launched.pid(), "port", port));
        });
        events.published(events.lastId());
        appOfInstance.put(id, app.name());
        track(instance, launched);
        watch(instance);
    }

    /**
     * The run spec of a new instance: with {@code CUTOVER_HANDOFF}, what the hand-off hook of the app's
     * active blue-green deployment returned, when the instance is of the revision it deploys.
     */
    private io.cutover.core.manifest.RunSpec withHandoff(String app, int revision, io.cutover.core.manifest.RunSpec run) {
        String handoff = store.activeDeployment(app).filter(d -> d.toRevision() == revision && d.blueGreen() != null)
                .map(d -> d.blueGreen().handoff()).orElse(null);
        if (handoff == null) {
            return run;
        }
        Map<String, String> env = new java.util.TreeMap<>(run.env());
        env.put("CUTOVER_HANDOFF", handoff);
        return new io.cutover.core.manifest.RunSpec(run.command(), env, run.workingDir());
    }

    /**
     * Takes an instance out of the routes (published before anything else happens to it) and starts its
     * stop sequence. The drain and the signals happen on another thread; the exit comes back as an
     * observation.
     */
    private void beginStop(String instanceId, String reason) {
        Optional<Instance> found = store.instance(instanceId);
        if (found.isEmpty() || found.get().state() == InstanceState.STOPPING) {
            return;
        }
        Instance instance = found.get();
        boolean wasRoutable = instance.routable();
        Instance stopping = instance.withState(InstanceState.STOPPING);
        stopReasons.put(instanceId, reason);
        checker.forget(instanceId);
        store.transaction(tx -> {
            tx.putInstance(stopping);
            return events.append(tx, "instance_draining", instance.app(), Map.of("instance", instanceId, "reason", reason));
        });
        events.published(events.lastId());
        Launched launched = processes.get(instanceId);
        if (launched == null) {
            exited(instanceId, -1);
            return;
        }
        // Out of the table first; the stop sequence waits until every live router applied this generation.
        long generation = wasRoutable ? routes.publish(instance.app()) : routes.current().generation();
        startStop(stopping, launched, generation);
    }

    private void startStop(Instance instance, Launched launched, long generation) {
        AppSpec spec = store.app(instance.app()).map(AppRecord::spec).orElse(null);
        stops.start(instance, launched, generation, spec == null ? 0 : spec.drainTimeoutSeconds(),
                spec == null ? 10 : spec.killGracePeriodSeconds());
    }

    // ---- observations ----

    private void track(Instance instance, Launched launched) {
        processes.put(instance.id(), launched);
        launched.exit().whenComplete((code, error) -> exited(instance.id(), code == null ? -1 : code));
    }

    private void watch(Instance instance) {
        store.revision(instance.app(), instance.revision()).ifPresent(revision ->
                checker.watch(instance, revision.spec().healthCheck(), revision.spec().readinessCheck()));
    }

    private void exited(String instanceId, int exitCode) {
        String app = appOfInstance.get(instanceId);
        if (app == null) {
            return;
        }
        worker(app).submit(() -> {
            processes.remove(instanceId);
            appOfInstance.remove(instanceId);
            checker.forget(instanceId);
            Optional<Instance> found = store.instance(instanceId);
            if (found.isEmpty()) {
                return;
            }
            Instance instance = found.get();
            boolean asked = instance.state() == InstanceState.STOPPING;
            String reason = stopReasons.remove(instanceId);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("instance", instanceId);
            data.put("exitCode", exitCode);
            data.put("reason", asked ? reason == null ? "stopped" : reason : "exited on its own");
            store.transaction(tx -> {
                tx.deleteInstance(instanceId);
                return events.append(tx, asked ? "instance_stopped" : "instance_exited", app, data);
            });
            events.published(events.lastId());
            if (!asked) {
                backoffs.merge(app, LaunchBackoff.NONE.afterFailure(clock.instant()), (old, n) -> old.afterFailure(clock.instant()));
                if (instance.routable()) {
                    routes.publish(app);
                }
                launchFailed(app, instance);
            }
            pass(app);
        });
    }

    @Override
    public void healthChanged(String instanceId, Health health, String detail) {
        observe(instanceId, instance -> {
            Instance next = promote(instance.withHealth(health));
            store.transaction(tx -> {
                tx.putInstance(next);
                return events.append(tx, "instance_health_changed", instance.app(), Map.of("instance", instanceId,
                        "health", health.name(), "detail", detail));
            });
            if (health == Health.HEALTHY) {
                backoffs.remove(instance.app());
            } else if (health == Health.UNHEALTHY) {
                backoffs.merge(instance.app(), LaunchBackoff.NONE.afterFailure(clock.instant()),
                        (old, n) -> old.afterFailure(clock.instant()));
                launchFailed(instance.app(), instance);
            }
            return next;
        });
    }

    @Override
    public void ready(String instanceId) {
        observe(instanceId, instance -> {
            Instance next = promote(instance.withReady(true));
            store.transaction(tx -> {
                tx.putInstance(next);
                return events.append(tx, "instance_ready", instance.app(), Map.of("instance", instanceId));
            });
            return next;
        });
    }

    /** Applies an observation on the app's thread, republishes routes if routability changed, and plans again. */
    private void observe(String instanceId, java.util.function.UnaryOperator<Instance> update) {
        String app = appOfInstance.get(instanceId);
        if (app == null) {
            return;
        }
        worker(app).submit(() -> {
            Optional<Instance> found = store.instance(instanceId);
            if (found.isEmpty() || found.get().state() == InstanceState.STOPPING) {
                return;
            }
            Instance next = update.apply(found.get());
            events.published(events.lastId());
            if (next.routable() != found.get().routable()) {
                // A new instance counts as serving (for the deployment) only once every live router has it.
                routes.publishAndConfirm(app);
            }
            pass(app);
        });
    }

    /** A starting instance that is healthy and ready is running. */
    private static Instance promote(Instance instance) {
        boolean up = instance.state() == InstanceState.STARTING && instance.health() == Health.HEALTHY && instance.ready();
        return up ? instance.withState(InstanceState.RUNNING) : instance;
    }

    private AppWorker worker(String app) {
        return workers.computeIfAbsent(app, name -> new AppWorker(name, () -> pass(name), timer));
    }

    /**
     * Stops the loop; instances keep running (a later server adopts them). Stops in progress are
     * abandoned: their instances stay STOPPING and a later server finishes them.
     */
    @Override
    public void close() {
        closed = true;
        checker.close();
        workers.values().forEach(AppWorker::close);
        timer.shutdownNow();
        log.debug("engine closed");
    }
}
