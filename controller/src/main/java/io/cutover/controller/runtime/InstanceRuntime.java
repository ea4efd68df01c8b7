package io.cutover.controller.runtime;

import io.cutover.core.manifest.RunSpec;
import io.cutover.core.manifest.RuntimeKind;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceIdentity;
import io.cutover.core.model.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Where instances run, and the only part of the controller that knows how: the local runtime starts OS
 * processes (pids, ports on this host, log files); a Kubernetes runtime would start pods. An instance's
 * address is what the runtime reports. Calls may block (launching).
 */
public interface InstanceRuntime {

    /** Which runtime this is: it decides what a manifest may ask for ({@code RuntimeFit}). */
    RuntimeKind kind();

    /**
     * Where an instance's output will be kept, recorded with the instance before it is launched.
     */
    String logLocation(String instanceId);

    /** Starts one instance. Where it listens is the runtime's choice and comes back in {@link Launched}. */
    Launched launch(Launch launch);

    /**
     * What to start.
     *
     * @param instanceId the instance's id (for logs and the environment)
     * @param revision the revision it runs: its app, number, hash and whole spec (a runtime that deploys
     *     per revision, as Kubernetes does with a ReplicaSet, needs more than the run part)
     * @param run what to run: the revision's {@code run} with the whole environment in {@code env}
     *     (secret values and the hand-off's answer included)
     * @param stopGrace when its main process has ended, how long the rest of it gets after SIGTERM before
     *     SIGKILL; the exit completes once all of it is gone
     */
    record Launch(String instanceId, Revision revision, RunSpec run, Duration stopGrace) {}

    /**
     * Re-attaches to an instance started earlier (by this or an earlier server process), if it still
     * runs as the same process: same pid and same start time.
     *
     * @return the running instance, or null when it is gone (or its pid now belongs to another process)
     */
    @Nullable Launched adopt(Instance recorded, Duration stopGrace);

    /**
     * Finds an instance by its id alone, for one whose launch was recorded but not its process (the server
     * went down between starting it and storing its pid).
     *
     * @return the running instance, or null when no process of that instance runs
     */
    @Nullable Launched find(String instanceId, Duration stopGrace);

    /**
     * Stops whatever this runtime started that belongs to no instance that {@code known} accepts: what is left of
     * instances a previous server lost track of (their main process died while it was down). SIGTERM, then
     * SIGKILL after {@code stopGrace}; returns once they are gone.
     *
     * @return what it stopped
     */
    List<Orphan> stopOrphans(Predicate<String> known, Duration stopGrace);

    /**
     * Removes what this runtime keeps per revision (on Kubernetes, a revision's ReplicaSet) for revisions
     * the store no longer has, once nothing of theirs runs; finds what belongs to apps the store does not
     * know and leaves it alone. The local runtime keeps nothing per revision.
     *
     * @param known every app the store has, and the revision hashes it keeps of each; an app deleted just
     *     now maps to none
     */
    default Leftovers tidy(Map<String, Set<String>> known) {
        return Leftovers.NONE;
    }

    /**
     * What {@link #tidy} did and found, by the runtime's names.
     *
     * @param removed what it removed (revisions pruned, apps deleted)
     * @param unknown what belongs to no app the store knows: another store's, or left by an app whose
     *     removal did not finish; kept, for an operator to look at
     */
    record Leftovers(List<String> removed, List<String> unknown) {
        public static final Leftovers NONE = new Leftovers(List.of(), List.of());

        public Leftovers {
            removed = List.copyOf(removed);
            unknown = List.copyOf(unknown);
        }
    }

    /**
     * Runs a hook's command where the revision's code runs, and blocks until it ends or its timeout passes
     * (then it is stopped). By default it runs on this host ({@code sh -c} in the server's working
     * directory; the local runtime's default working directory); Kubernetes, as a Job made from the revision's pod template (docs/kubernetes.md).
     */
    default HookResult runHook(HookCommand hook) {
        return ShellHook.run(hook, java.nio.file.Path.of("").toAbsolutePath());
    }

    /**
     * A hook's command.
     *
     * @param revision the revision whose code it runs with (on Kubernetes: its image, environment, secrets)
     * @param command a shell command, run by {@code sh -c}
     * @param env added to the command's environment
     * @param timeout how long it may take
     */
    record HookCommand(Revision revision, String command, Map<String, String> env, Duration timeout) {
        public HookCommand {
            env = Map.copyOf(env);
        }
    }

    /**
     * What a hook's command did.
     *
     * @param ok whether it exited with 0 in time
     * @param output its output when it succeeded (at most {@link #MAX_OUTPUT} characters, stripped); why
     *     not when it failed, with what it wrote
     */
    record HookResult(boolean ok, String output) {
        /** At most this much output is kept (and handed on). */
        public static final int MAX_OUTPUT = 64 * 1024;

        public HookResult {
            output = output.length() <= MAX_OUTPUT ? output : output.substring(0, MAX_OUTPUT);
        }

        public static HookResult ok(String output) {
            return new HookResult(true, output);
        }

        public static HookResult failed(String reason) {
            return new HookResult(false, reason);
        }

        /** It ran over its timeout and was stopped. */
        public static HookResult timedOut(Duration timeout, String output) {
            return new HookResult(false, "timed out after " + timeout.toSeconds() + "s (hooks.handoff.timeoutSeconds); output: " + output);
        }
    }

    /** Asks the instance to stop (SIGTERM to all of it: the process, its children, the rest of its session). */
    void terminate(Launched instance);

    /** Forces the instance to stop (SIGKILL to all of it). */
    void kill(Launched instance);

    /**
     * The last {@code lines} lines of an instance's output, and the cursor at their end to follow from.
     *
     * @throws java.io.UncheckedIOException when its output cannot be read
     */
    LogChunk tail(Instance instance, int lines);

    /** The whole lines an instance's output added after {@code cursor}, and the cursor after them. */
    LogChunk since(Instance instance, long cursor);

    /**
     * Lines of an instance's output.
     *
     * @param next where the next read continues
     */
    record LogChunk(List<String> lines, long next) {
        public LogChunk {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A started instance.
     *
     * @param pid its process id
     * @param processStart its start time as the OS reports it
     * @param host the address it listens on, as the router reaches it
     * @param port its port
     * @param exit completes with the exit code (-1 when unknown, as for an adopted process) when it ends
     * @param identity who it answers it is when a router asks before a new connection carries a request;
     *     null when this runtime gives none
     */
    record Launched(long pid, @Nullable Instant processStart, String host, int port, CompletableFuture<Integer> exit,
            @Nullable InstanceIdentity identity) {

        /** A process on this host: no identity to check. */
        public Launched(long pid, @Nullable Instant processStart, String host, int port, CompletableFuture<Integer> exit) {
            this(pid, processStart, host, port, exit, null);
        }
    }

    /** A process that belonged to an instance no longer known. */
    record Orphan(String instanceId, long pid) {}
}
