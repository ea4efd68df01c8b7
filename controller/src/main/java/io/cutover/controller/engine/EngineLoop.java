package io.cutover.controller.engine;

import io.cutover.controller.events.Actor;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.health.CheckListener;
import io.cutover.controller.health.HealthChecker;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.AppPlanner;
import io.cutover.core.deploy.AppState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.LaunchBackoff;
import io.cutover.core.deploy.Observation;
import io.cutover.core.deploy.Plan;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop of a leading controller (docs/architecture.md), started by {@link Engine} when it leads
 * and closed when it stops leading: for each app, the observed state goes to {@link AppPlanner},
 * whose plan the {@link PlanExecutor} carries out; observations (exits, health, readiness, the answers
 * to actions) lead to the next pass.
 *
 * <p>Threading: one {@link AppWorker} per app runs that app's passes, observations and operator controls
 * in order; apps run in parallel. Stopping an instance (drain, SIGTERM, SIGKILL) runs on its own virtual
 * thread and reports back through the exit observation.
 */
final class EngineLoop implements CheckListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);
    /** How long a control waits for the app's thread (a pass may be running a hand-off hook). */
    private static final Duration CONTROL_WAIT = Duration.ofMinutes(5);

    private final Store store;
    private final EventLog events;
    private final RoutePublisher routes;
    private final Clock clock;
    private final HealthChecker checker;
    private final Instances instances;
    private final PassTimes passTimes;
    private final LaunchBackoffs backoffs = new LaunchBackoffs();
    private final SwitchWaiters switches = new SwitchWaiters();
    private final PlanExecutor executor;
    private final ScheduledExecutorService timer;
    private final Map<String, AppWorker> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    EngineLoop(Store store, EventLog events, InstanceRuntime runtime, RoutePublisher routes, Clock clock, PassTimes passTimes) {
        this.passTimes = passTimes;
        this.store = store;
        this.events = events;
        this.routes = routes;
        this.clock = clock;
        this.checker = new HealthChecker(this, clock);
        this.instances = new Instances(store, events, runtime, routes, checker, clock, this::exited);
        this.executor = new PlanExecutor(store, events, routes, instances, backoffs, switches, clock, this::passAt);
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("cutover-engine-timer").factory());
    }

    /**
     * Publishes the routes as the store has them (routers may follow this controller from then on),
     * re-adopts the instances a previous server left running, forgets those that died, publishes again
     * and starts a pass for every app.
     */
    void start() {
        routes.publish();
        instances.adoptAll();
        routes.publish();
        store.apps().forEach(app -> worker(app.name()).requestPass());
    }

    /** Asks for a reconcile pass of {@code app} (after a change to its desired state). */
    void changed(String app) {
        worker(app).requestPass();
    }

    /** Lets the runtime drop what it keeps for revisions the store no longer has (in the background). */
    void tidyRevisions() {
        instances.tidyLater(Set.of());
    }

    /** The launch backoff an app is in, for display. */
    LaunchBackoff backoff(String app) {
        return backoffs.of(app);
    }

    /**
     * Completes once blue-green deployment {@code id} switched (every router confirmed it) or can no
     * longer switch; with the deployment then.
     */
    CompletableFuture<Deployment> whenSwitched(long id) {
        return switches.whenSwitched(id, () -> store.deployment(id));
    }

    /**
     * Runs {@code work} on {@code app}'s thread, between its passes, and returns its result: an operator's
     * control is decided on the deployment as it is, with no pass running.
     */
    <T> T onAppThread(String app, Callable<T> work) {
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        AtomicBoolean claimed = new AtomicBoolean();
        Callable<T> carried = Actor.carry(work); // the events it writes name whoever asked
        boolean queued = worker(app).submit(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return; // the caller gave up waiting and was told nothing changed
            }
            try {
                result.complete(carried.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            throw new IllegalStateException("the engine is closed");
        }
        try {
            return result.get(CONTROL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (claimed.compareAndSet(false, true)) {
                throw new ConflictException("app \"" + app + "\" is busy: its current pass did not end within "
                        + CONTROL_WAIT.toMinutes() + " minutes; nothing changed, try again", List.of());
            }
            return joined(result); // it started just now: its answer follows
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for app " + app, e);
        }
    }

    private static <T> T joined(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause());
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }

    /** Carries out a plan decided outside a pass (an operator's control) for {@code app}, on its thread. */
    void execute(AppRecord app, Deployment deployment, Plan plan) {
        executor.execute(app, state(app, deployment), plan);
    }

    // ---- the pass ----

    private void pass(String app) {
        if (closed) {
            return;
        }
        long start = System.nanoTime();
        Optional<AppRecord> record = store.app(app);
        if (record.isEmpty()) {
            return;
        }
        AppState state = state(record.get(), store.activeDeployment(app).orElse(null));
        try {
            executor.execute(record.get(), state, AppPlanner.plan(state, clock.instant()));
        } finally {
            passTimes.record(System.nanoTime() - start);
        }
    }

    private AppState state(AppRecord app, Deployment deployment) {
        return new AppState(app.spec(), app.revision(), app.deleting(), store.instances(app.name()),
                deployment != null && deployment.active() ? deployment : null, backoffs.of(app.name()));
    }

    private void passAt(String app, Instant at) {
        Duration delay = Duration.between(clock.instant(), at);
        if (delay.isNegative() || delay.isZero()) {
            worker(app).requestPass();
        } else {
            worker(app).requestPassIn(delay);
        }
    }

    // ---- observations ----

    private void exited(String app, String instanceId, int exitCode) {
        worker(app).submit(() -> {
            String reason = instances.forgetExited(instanceId);
            Optional<Instance> found = store.instance(instanceId);
            if (found.isEmpty()) {
                return;
            }
            Instance instance = found.get();
            boolean asked = instance.state() == InstanceState.STOPPING;
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
                backoffs.failed(app, clock.instant());
                if (instance.routable()) {
                    routes.publish(app);
                }
                failed(instance);
            }
            pass(app);
        });
    }

    /** An instance failed (exited on its own, turned unhealthy): the planner counts it against a deployment. */
    private void failed(Instance instance) {
        Optional<AppRecord> record = store.app(instance.app());
        Optional<Deployment> active = store.activeDeployment(instance.app());
        if (record.isPresent() && active.isPresent()) {
            executor.observe(record.get(), state(record.get(), active.get()),
                    new Observation.InstanceFailed(clock.instant(), instance, instances.logTail(instance)));
        }
    }

    @Override
    public void healthChanged(String instanceId, Health health, String detail) {
        observe(instanceId, instance -> {
            Instance next = running(instance.withHealth(health));
            store.transaction(tx -> {
                tx.putInstance(next);
                return events.append(tx, "instance_health_changed", instance.app(), Map.of("instance", instanceId,
                        "health", health.name(), "detail", detail));
            });
            if (health == Health.HEALTHY) {
                backoffs.reset(instance.app());
            } else if (health == Health.UNHEALTHY) {
                backoffs.failed(instance.app(), clock.instant());
                failed(instance);
            }
            return next;
        });
    }

    @Override
    public void ready(String instanceId) {
        observe(instanceId, instance -> {
            Instance next = running(instance.withReady(true));
            store.transaction(tx -> {
                tx.putInstance(next);
                return events.append(tx, "instance_ready", instance.app(), Map.of("instance", instanceId));
            });
            return next;
        });
    }

    /** Applies an observation on the app's thread, republishes routes if routability changed, and plans again. */
    private void observe(String instanceId, UnaryOperator<Instance> update) {
        String app = instances.appOf(instanceId);
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
    private static Instance running(Instance instance) {
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
