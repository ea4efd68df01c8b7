package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.health.HealthChecker;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.RunSpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Revision;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances this controller runs: launched through the runtime (recorded before they run, so a
 * controller that dies mid-launch finds them again), adopted after a restart, watched by the health
 * checker, and stopped the zero-downtime way ({@link StopSequence}). Exits come back through the
 * listener.
 */
final class Instances {

    /** How many of a failed instance's last log lines its failure message quotes. */
    private static final int FAILURE_LOG_LINES = 10;
    /** After SIGTERM, how long a process of an instance whose app is unknown gets before SIGKILL (the default grace). */
    private static final int ORPHAN_GRACE_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(Instances.class);

    /** Hears an instance's process end. */
    interface ExitListener {
        void exited(String app, String instanceId, int exitCode);
    }

    private final Store store;
    private final EventLog events;
    private final InstanceRuntime runtime;
    private final RoutePublisher routes;
    private final HealthChecker checker;
    private final StopSequence stops;
    private final Clock clock;
    private final ExitListener exits;
    private final Map<String, Launched> processes = new ConcurrentHashMap<>();
    private final Map<String, String> appOfInstance = new ConcurrentHashMap<>();
    private final Map<String, String> stopReasons = new ConcurrentHashMap<>();

    Instances(Store store, EventLog events, InstanceRuntime runtime, RoutePublisher routes, HealthChecker checker, Clock clock,
            ExitListener exits) {
        this.store = store;
        this.events = events;
        this.runtime = runtime;
        this.routes = routes;
        this.checker = checker;
        this.stops = new StopSequence(runtime, routes, events, clock);
        this.clock = clock;
        this.exits = exits;
    }

    /**
     * Re-adopts the instances a previous server left running, forgets those that died meanwhile, and
     * stops what is left of instances it no longer knows (in the background; an event says what).
     */
    void adoptAll() {
        for (Instance recorded : store.allInstances()) {
            adopt(recorded);
        }
        events.published(events.lastId());
        Thread.ofVirtual().name("cutover-orphans").start(this::stopOrphans);
    }

    /**
     * In the background: removes what the runtime keeps for revisions the store no longer has, and reports
     * what it finds of apps the store does not know (events {@code revision_resources_removed},
     * {@code unknown_resources_found}).
     *
     * @param deleted apps deleted just now, whose every revision goes
     */
    void tidyLater(Set<String> deleted) {
        Thread.ofVirtual().name("cutover-tidy").start(() -> tidy(deleted));
    }

    private void tidy(Set<String> deleted) {
        try {
            Map<String, Set<String>> known = new HashMap<>();
            for (AppRecord app : store.apps()) {
                known.put(app.name(), store.revisions(app.name()).stream().map(Revision::hash).collect(Collectors.toSet()));
            }
            deleted.forEach(app -> known.putIfAbsent(app, Set.of()));
            InstanceRuntime.Leftovers found = runtime.tidy(known);
            if (!found.removed().isEmpty()) {
                events.append("revision_resources_removed", null, Map.of("names", found.removed()));
            }
            if (!found.unknown().isEmpty()) {
                log.warn("the runtime has what no app of this store owns (left alone): {}", found.unknown());
                events.append("unknown_resources_found", null, Map.of("names", found.unknown()));
            }
        } catch (RuntimeException e) {
            log.warn("tidying the runtime's revisions failed (the next start looks again): {}", e.toString());
        }
    }

    /** Instances launched meanwhile are recorded before they run, so the store knows every live one. */
    private void stopOrphans() {
        try {
            List<InstanceRuntime.Orphan> stopped = runtime.stopOrphans(id -> store.instance(id).isPresent(),
                    Duration.ofSeconds(ORPHAN_GRACE_SECONDS));
            if (!stopped.isEmpty()) {
                events.append("instance_orphans_stopped", null, Map.of(
                        "instances", stopped.stream().map(InstanceRuntime.Orphan::instanceId).distinct().sorted().toList(),
                        "pids", stopped.stream().map(InstanceRuntime.Orphan::pid).sorted().toList()));
            }
        } catch (RuntimeException e) {
            // the server may be closing its store meanwhile; the next start looks again
            log.warn("stopping the processes of instances no longer known failed: {}", e.toString());
        }
        tidy(Set.of());
    }

    private void adopt(Instance recorded) {
        appOfInstance.put(recorded.id(), recorded.app());
        Instance instance = recorded;
        Duration grace = stopGrace(recorded.app(), recorded.revision());
        Launched launched;
        if (recorded.pid() == 0) {
            // The last server went down while launching it: look for it by the instance's id.
            launched = runtime.find(recorded.id(), grace);
            if (launched != null) {
                Instance found = recorded.launchedAs(launched.host(), launched.port(), launched.pid(), launched.processStart(), launched.identity());
                instance = found;
                store.transaction(tx -> {
                    tx.putInstance(found);
                    return 0L;
                });
            }
        } else {
            launched = runtime.adopt(recorded, grace);
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
            return;
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

    /** The runtime the instances run on (a hand-off hook's command runs there too). */
    InstanceRuntime runtime() {
        return runtime;
    }

    /** The revision's kill grace period: how long what is left of an instance gets after SIGTERM. */
    private Duration stopGrace(String app, int revisionNumber) {
        return Duration.ofSeconds(store.revision(app, revisionNumber).map(r -> r.spec().killGracePeriodSeconds())
                .orElse(ORPHAN_GRACE_SECONDS));
    }

    /**
     * Launches one instance of a revision; it is routed only once its checks pass.
     *
     * @param handoff what a hand-off hook returned for this revision (as {@code CUTOVER_HANDOFF}), or null
     * @return null when it runs; when the runtime could not start it (nothing is left of it), the instance as
     *     it was recorded and the runtime's reason, so the deployment counts the failure
     */
    @Nullable FailedLaunch launch(AppRecord app, int revisionNumber, @Nullable String handoff) {
        Revision revision = store.revision(app.name(), revisionNumber)
                .orElseThrow(() -> new IllegalStateException("revision " + revisionNumber + " of " + app.name() + " is missing"));
        AppSpec spec = revision.spec();
        String id = app.name() + "-" + revisionNumber + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
        // Recorded before it runs: a server that dies during the launch finds the process again by its id
        // on restart, instead of leaving it running unknown. Where it listens, the runtime tells.
        Instance intended = new Instance(id, app.name(), revisionNumber, "", 0, 0, null, InstanceState.STARTING, Health.UNKNOWN,
                spec.readinessCheck() == null, clock.instant(), runtime.logLocation(id), null, spec.run().speaks());
        store.transaction(tx -> {
            tx.putInstance(intended);
            return 0L;
        });
        Launched launched;
        try {
            launched = runtime.launch(new InstanceRuntime.Launch(id, revision, launchable(spec.run(), handoff),
                    Duration.ofSeconds(spec.killGracePeriodSeconds())));
        } catch (RuntimeException e) {
            store.transaction(tx -> {
                tx.deleteInstance(id);
                return 0L;
            });
            events.append("instance_launch_failed", app.name(), Map.of("revision", revisionNumber, "reason", String.valueOf(e.getMessage())));
            return new FailedLaunch(intended, "the runtime could not start it: " + e.getMessage());
        }
        Instance instance = intended.launchedAs(launched.host(), launched.port(), launched.pid(), launched.processStart(), launched.identity());
        store.transaction(tx -> {
            tx.putInstance(instance);
            return events.append(tx, "instance_started", app.name(), Map.of("instance", id, "revision", revisionNumber,
                    "pid", launched.pid(), "port", launched.port()));
        });
        events.published(events.lastId());
        appOfInstance.put(id, app.name());
        track(instance, launched);
        watch(instance);
        return null;
    }

    /** An instance the runtime could not start, and why. */
    record FailedLaunch(Instance instance, String reason) {}

    /**
     * What the runtime starts: the spec's whole environment in {@code env}, secret values included (the
     * runtime passes {@code env} on and never shows it), plus the hand-off's answer.
     */
    private static RunSpec launchable(RunSpec run, @Nullable String handoff) {
        Map<String, String> env = new TreeMap<>(run.environment());
        if (handoff != null) {
            env.put("CUTOVER_HANDOFF", handoff);
        }
        return run.withEnvironment(env);
    }

    /**
     * Takes an instance out of the routes (published before anything else happens to it) and starts its
     * stop sequence. The drain and the signals happen on another thread; the exit comes back to the
     * listener.
     */
    void beginStop(String instanceId, String reason) {
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
            exits.exited(instance.app(), instanceId, -1);
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

    /** The app an instance this controller runs belongs to, or null when it is not one of them. */
    @Nullable String appOf(String instanceId) {
        return appOfInstance.get(instanceId);
    }

    /**
     * Forgets an instance whose process ended; returns why it was asked to stop, or null if it was not.
     */
    @Nullable String forgetExited(String instanceId) {
        processes.remove(instanceId);
        appOfInstance.remove(instanceId);
        checker.forget(instanceId);
        return stopReasons.remove(instanceId);
    }

    /** Its last log lines, for the failure message of a crash loop. */
    String logTail(Instance instance) {
        try {
            return String.join("\n", runtime.tail(instance, FAILURE_LOG_LINES).lines());
        } catch (RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void track(Instance instance, Launched launched) {
        processes.put(instance.id(), launched);
        launched.exit().whenComplete((code, error) -> exits.exited(instance.app(), instance.id(), code == null ? -1 : code));
    }

    private void watch(Instance instance) {
        store.revision(instance.app(), instance.revision()).ifPresent(revision ->
                checker.watch(instance, HealthChecker.checkOf(revision.spec(), !store.routes(instance.app()).isEmpty()),
                        revision.spec().readinessCheck()));
    }
}
