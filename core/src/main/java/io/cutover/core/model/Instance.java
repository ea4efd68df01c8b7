package io.cutover.core.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One running copy of one revision, as the controller knows it.
 *
 * @param id unique across apps: {@code <app>-<revision>-<random>}
 * @param app the app's name
 * @param revision the revision number it runs
 * @param host the address it listens on, as the runtime reports it (empty until it launched)
 * @param port its port (0 until it launched)
 * @param pid the OS process id, 0 before launch
 * @param processStart the process's start time as the OS reports it; with the pid it tells a live
 *     instance from a reused pid after a restart
 * @param state where it is in its life
 * @param health the health check's verdict
 * @param ready whether its readiness check passed (true when it has none)
 * @param startedAt when Cutover launched it
 * @param logFile where its stdout and stderr go
 * @param identity what it answers when a router asks who it is; null when its runtime gives none (local
 *     processes)
 * @param protocol what it speaks on its port, from its revision's {@code run.protocol}
 */
public record Instance(
        String id,
        String app,
        int revision,
        String host,
        int port,
        long pid,
        @Nullable Instant processStart,
        InstanceState state,
        Health health,
        boolean ready,
        Instant startedAt,
        String logFile,
        @Nullable InstanceIdentity identity,
        AppProtocol protocol) {

    public Instance {
        requireNonNull(id, "id");
        requireNonNull(app, "app");
        requireNonNull(host, "host");
        requireNonNull(state, "state");
        requireNonNull(health, "health");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(logFile, "logFile");
        protocol = protocol == null ? AppProtocol.HTTP1 : protocol;
    }

    /** An HTTP/1.1 instance. */
    public Instance(String id, String app, int revision, String host, int port, long pid, @Nullable Instant processStart,
            InstanceState state, Health health, boolean ready, Instant startedAt, String logFile,
            @Nullable InstanceIdentity identity) {
        this(id, app, revision, host, port, pid, processStart, state, health, ready, startedAt, logFile, identity,
                AppProtocol.HTTP1);
    }

    /** An HTTP/1.1 instance whose runtime gives no identity to check. */
    public Instance(String id, String app, int revision, String host, int port, long pid, @Nullable Instant processStart,
            InstanceState state, Health health, boolean ready, Instant startedAt, String logFile) {
        this(id, app, revision, host, port, pid, processStart, state, health, ready, startedAt, logFile, null,
                AppProtocol.HTTP1);
    }

    /** Whether the router may send it new requests: running, healthy and ready. */
    public boolean routable() {
        return state == InstanceState.RUNNING && health == Health.HEALTHY && ready;
    }

    /** Whether it still counts towards the app's instances (not on its way out). */
    public boolean live() {
        return state == InstanceState.STARTING || state == InstanceState.RUNNING;
    }

    /** This instance as the runtime launched it: where it listens, and its process. */
    public Instance launchedAs(String address, int listenPort, long processId, @Nullable Instant processStartTime) {
        return launchedAs(address, listenPort, processId, processStartTime, null);
    }

    /** This instance as the runtime launched it: where it listens, its process, and who it answers it is. */
    public Instance launchedAs(String address, int listenPort, long processId, @Nullable Instant processStartTime,
            @Nullable InstanceIdentity answersAs) {
        return new Instance(id, app, revision, address, listenPort, processId, processStartTime, state, health, ready, startedAt,
                logFile, answersAs, protocol);
    }

    public Instance withState(InstanceState next) {
        return new Instance(id, app, revision, host, port, pid, processStart, next, health, ready, startedAt, logFile, identity, protocol);
    }

    public Instance withHealth(Health next) {
        return new Instance(id, app, revision, host, port, pid, processStart, state, next, ready, startedAt, logFile, identity, protocol);
    }

    public Instance withReady(boolean next) {
        return new Instance(id, app, revision, host, port, pid, processStart, state, health, next, startedAt, logFile, identity, protocol);
    }
}
