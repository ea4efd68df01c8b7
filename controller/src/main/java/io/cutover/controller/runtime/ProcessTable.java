package io.cutover.controller.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * This host's processes as Linux's {@code /proc} shows them: which session each belongs to and what its
 * environment holds. Processes come and go while it reads; one that is gone meanwhile, or not ours to
 * read, is left out.
 */
final class ProcessTable {

    private static final long ZOMBIE_POLL_MILLIS = 100;

    private ProcessTable() {}

    /**
     * The live processes of session {@code sid} (zombies left out: they are already dead and only wait for
     * their parent).
     */
    static List<ProcessHandle> session(long sid) {
        List<ProcessHandle> members = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            Stat stat = stat(p.pid());
            if (stat != null && stat.session() == sid && stat.state() != 'Z') {
                members.add(p);
            }
        });
        return members;
    }

    /** Whether a process still runs: alive (the same process, not a reused pid) and not a zombie. */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Stat stat = stat(process.pid());
        return stat != null && stat.state() != 'Z';
    }

    /**
     * Completes when a process that is not this one's child has ended: gone, or a zombie. {@link
     * ProcessHandle#onExit} waits for a zombie to be reaped, which its parent does only when it runs (a
     * controller frozen by SIGSTOP reaps nothing); a zombie has ended all the same.
     */
    static CompletableFuture<ProcessHandle> end(ProcessHandle process) {
        CompletableFuture<ProcessHandle> ended = new CompletableFuture<>();
        process.onExit().thenAccept(ended::complete);
        Thread.ofVirtual().name("cutover-zombie-watch-" + process.pid()).start(() -> {
            try {
                while (!ended.isDone()) {
                    if (!running(process)) {
                        ended.complete(process);
                        return;
                    }
                    Thread.sleep(ZOMBIE_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return ended;
    }

    /** The environment blocks of every process whose environment holds {@code name=value}, by pid. */
    static Map<Long, byte[]> carrying(String name, String value) {
        byte[] marker = (name + "=" + value + "\0").getBytes(StandardCharsets.UTF_8);
        Map<Long, byte[]> carriers = new HashMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            byte[] environ = environ(p.pid());
            if (environ != null && containsVariable(environ, marker)) {
                carriers.put(p.pid(), environ);
            }
        });
        return carriers;
    }

    /** The value of {@code name} in an environment block, or null. */
    static @Nullable String variable(byte[] environ, String name) {
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(name + "=")) {
                return entry.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** The parent of a process, if it still runs. */
    static Optional<ProcessHandle> parent(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent);
    }

    private static byte @Nullable [] environ(long pid) {
        try {
            return Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** A process's state letter and session id from {@code /proc/PID/stat}, or null when it is gone. */
    private static @Nullable Stat stat(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
        // "pid (comm) state ppid pgrp session …": comm may hold spaces and parentheses, so read after the last ')'.
        int end = line.lastIndexOf(')');
        if (end < 0) {
            return null;
        }
        String[] fields = line.substring(end + 1).trim().split(" ");
        if (fields.length < 4) {
            return null;
        }
        try {
            return new Stat(fields[0].charAt(0), Long.parseLong(fields[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@code marker} ({@code NAME=value\0}) starts one of the block's variables. */
    private static boolean containsVariable(byte[] environ, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= environ.length; i++) {
            if (i > 0 && environ[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < marker.length; j++) {
                if (environ[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private record Stat(char state, long session) {}
}
