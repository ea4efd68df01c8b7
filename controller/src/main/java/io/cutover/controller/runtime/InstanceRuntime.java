package io.cutover.controller.runtime;

import io.cutover.core.manifest.RunSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Where instances run. The local runtime starts OS processes; a Kubernetes runtime would start pods.
 * Calls may block (launching); the engine calls them off its planning thread where it matters.
 */
public interface InstanceRuntime {

    /**
     * Starts one instance.
     *
     * @param instanceId the instance's id (for logs and the environment)
     * @param run what to run
     * @param port the port the instance must listen on
     * @param logFile where stdout and stderr go (appended)
     */
    Launched launch(String instanceId, RunSpec run, int port, Path logFile);

    /**
     * Re-attaches to an instance started earlier (by this or an earlier server process), if it still
     * runs as the same process: same pid and same start time.
     *
     * @return the running instance, or null when it is gone (or its pid now belongs to another process)
     */
    @Nullable Launched adopt(long pid, @Nullable Instant processStart);

    /**
     * Finds an instance by its id alone, for one whose launch was recorded but not its process (the server
     * went down between starting it and storing its pid).
     *
     * @return the running instance, or null when no process of that instance runs
     */
    @Nullable Launched find(String instanceId);

    /** Asks the instance to stop (SIGTERM to the process and its children). */
    void terminate(Launched instance);

    /** Forces the instance to stop (SIGKILL to the process and its children). */
    void kill(Launched instance);

    /** A free port for a new instance. */
    int allocatePort();

    /**
     * A started instance.
     *
     * @param pid its process id
     * @param processStart its start time as the OS reports it
     * @param exit completes with the exit code (-1 when unknown, as for an adopted process) when it ends
     */
    record Launched(long pid, @Nullable Instant processStart, CompletableFuture<Integer> exit) {}
}
