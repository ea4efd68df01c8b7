package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.NotLeadingException;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.LaunchBackoff;
import io.cutover.core.deploy.Plan;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The deployment engine of this controller: running while it leads ({@link #start}), stopped while it
 * follows ({@link #stop}). Each start is a fresh control loop that adopts the instances the store records
 * (docs/ha.md), so a controller that takes over from another carries on its deployments.
 */
public final class Engine implements AutoCloseable {

    private final Store store;
    private final EventLog events;
    private final InstanceRuntime runtime;
    private final RoutePublisher routes;
    private final Clock clock;
    /** The running loop, null while stopped; replaced under this object's lock. */
    private volatile @Nullable EngineLoop current;
    private final PassTimes passTimes = new PassTimes();

    public Engine(Store store, EventLog events, InstanceRuntime runtime, RoutePublisher routes, Clock clock) {
        this.store = store;
        this.events = events;
        this.runtime = runtime;
        this.routes = routes;
        this.clock = clock;
    }

    /**
     * Starts a control loop if none runs: re-adopts the instances the store records, forgets those that
     * died, publishes the routes and starts a pass for every app.
     */
    public synchronized void start() {
        if (current != null) {
            return;
        }
        EngineLoop started = new EngineLoop(store, events, runtime, routes, clock, passTimes);
        current = started;
        started.start();
    }

    /** Stops the control loop, if one runs; instances keep running for the next leader to adopt. */
    public synchronized void stop() {
        EngineLoop stopped = current;
        current = null;
        if (stopped != null) {
            stopped.close();
        }
    }

    /** How long passes took, across every loop this controller ran. */
    public PassTimes passTimes() {
        return passTimes;
    }

    /** Whether a control loop runs (this controller leads). */
    public boolean running() {
        return current != null;
    }

    /** Asks for a reconcile pass of {@code app} (after a change to its desired state); nothing while stopped. */
    public void changed(String app) {
        EngineLoop running = current;
        if (running != null) {
            running.changed(app); // while stopped, the next leader's first pass sees the change
        }
    }

    /**
     * After revisions were pruned: the runtime removes what it kept for them (a ReplicaSet), once nothing
     * of theirs runs; nothing while stopped (the next leader tidies when it starts).
     */
    public void revisionsPruned() {
        EngineLoop running = current;
        if (running != null) {
            running.tidyRevisions();
        }
    }

    /** The launch backoff an app is in, for display; none while stopped. */
    public LaunchBackoff backoff(String app) {
        EngineLoop running = current;
        return running == null ? LaunchBackoff.NONE : running.backoff(app);
    }

    /**
     * Completes once blue-green deployment {@code id} switched (every router confirmed it) or can no
     * longer switch; with the deployment then.
     */
    public CompletableFuture<Deployment> whenSwitched(long id) {
        return loop().whenSwitched(id);
    }

    /**
     * Runs {@code work} on {@code app}'s thread, between its passes, and returns its result: an operator's
     * control is decided on the deployment as it is, with no pass running.
     */
    <T> T onAppThread(String app, Callable<T> work) {
        return loop().onAppThread(app, work);
    }

    /** Carries out a plan decided outside a pass (an operator's control) for {@code app}, on its thread. */
    void execute(AppRecord app, Deployment deployment, Plan plan) {
        loop().execute(app, deployment, plan);
    }

    private EngineLoop loop() {
        EngineLoop running = current;
        if (running == null) {
            throw new NotLeadingException("this controller does not lead: its engine is stopped; nothing changed");
        }
        return running;
    }

    @Override
    public void close() {
        stop();
    }
}
