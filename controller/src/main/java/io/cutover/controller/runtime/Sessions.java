package io.cutover.controller.runtime;

import io.cutover.controller.runtime.InstanceRuntime.Orphan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The process sessions local instances run in: who belongs to one, how one ends after its main process,
 * and how sessions that no instance owns any more are stopped. Stopping is SIGTERM, then SIGKILL to what
 * still runs after the grace period.
 */
final class Sessions {

    /** How long processes get to vanish after SIGKILL before the stop gives up waiting. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;
    private static final Executor REAPER = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cutover-session-reaper-", 0).factory());

    private Sessions() {}

    /**
     * The processes to signal for the instance whose main process is {@code pid}: it, its descendants, and
     * the rest of its session (children whose parent died left the tree but not the session).
     */
    static List<ProcessHandle> members(long pid) {
        Set<ProcessHandle> members = new LinkedHashSet<>();
        ProcessHandle.of(pid).ifPresent(main -> {
            members.add(main);
            main.descendants().forEach(members::add);
        });
        members.addAll(ProcessTable.session(pid));
        return List.copyOf(members);
    }

    /**
     * An instance's exit: completes with the main process's exit code once the main process has ended and
     * the rest of its session {@code sid} has been stopped.
     */
    static CompletableFuture<Integer> endsWith(long sid, CompletableFuture<Integer> mainExit, Duration grace) {
        return mainExit.thenApplyAsync(code -> {
            stop(ProcessTable.session(sid), grace);
            return code;
        }, REAPER);
    }

    /**
     * Stops the processes that carry this runtime's mark but belong to no instance that {@code known} accepts.
     *
     * @param carriers the environment of every process with this runtime's mark, by pid
     */
    static List<Orphan> stopOrphans(Map<Long, byte[]> carriers, Predicate<String> known, Duration grace) {
        List<Orphan> orphans = new ArrayList<>();
        List<ProcessHandle> processes = new ArrayList<>();
        carriers.forEach((pid, environ) -> {
            String instance = ProcessTable.variable(environ, LocalRuntime.INSTANCE_VARIABLE);
            if (instance != null && !known.test(instance)) {
                ProcessHandle.of(pid).ifPresent(process -> {
                    orphans.add(new Orphan(instance, pid));
                    processes.add(process);
                });
            }
        });
        stop(processes, grace);
        return List.copyOf(orphans);
    }

    /** SIGTERM to each, SIGKILL to those still running after {@code grace}; returns once all are gone. */
    static void stop(List<ProcessHandle> processes, Duration grace) {
        if (processes.isEmpty()) {
            return;
        }
        processes.forEach(ProcessHandle::destroy);
        if (!awaitGone(processes, grace)) {
            processes.stream().filter(ProcessTable::running).forEach(ProcessHandle::destroyForcibly);
            awaitGone(processes, AFTER_KILL);
        }
    }

    /**
     * Polls: the processes are not our children (their parent died), so there is nothing to wait on; a
     * zombie counts as gone, since whoever inherited it may never reap it.
     */
    private static boolean awaitGone(List<ProcessHandle> processes, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (processes.stream().anyMatch(ProcessTable::running)) {
            if (!Instant.now().isBefore(deadline)) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
