package io.cutover.controller.runtime;

import io.cutover.core.manifest.RunSpec;
import io.cutover.core.model.Instance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs instances as OS processes on this host: {@code /bin/sh -c <command>} with the app's environment
 * and {@code PORT}, {@code PORT0}, {@code PORTS}; stdout and stderr appended to the instance's log file.
 *
 * <p>Signals go to the process and its descendants, so a command the shell forked is reached too.
 */
public final class LocalRuntime implements InstanceRuntime {

    /** The address every local instance listens on. */
    static final String HOST = "127.0.0.1";

    private final Path defaultWorkingDir;
    private final Path logDir;

    /**
     * @param defaultWorkingDir where commands run when the spec names no working directory
     * @param logDir where each instance's stdout and stderr go, one file per instance
     */
    public LocalRuntime(Path defaultWorkingDir, Path logDir) {
        this.defaultWorkingDir = defaultWorkingDir;
        this.logDir = logDir;
    }

    @Override
    public String logLocation(String instanceId) {
        return logDir.resolve(instanceId + ".log").toString();
    }

    @Override
    public Launched launch(String instanceId, RunSpec run) {
        Path logFile = Path.of(logLocation(instanceId));
        int port = allocatePort();
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", run.command());
            Map<String, String> env = builder.environment();
            env.putAll(run.env());
            String portText = Integer.toString(port);
            env.put("PORT", portText);
            env.put("PORT0", portText);
            env.put("PORTS", portText);
            env.put("HOST", HOST);
            env.put("CUTOVER_INSTANCE_ID", instanceId);
            builder.directory(run.workingDir() == null ? defaultWorkingDir.toFile()
                    : defaultWorkingDir.resolve(run.workingDir()).toFile());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process process = builder.start();
            CompletableFuture<Integer> exit = process.onExit().thenApply(Process::exitValue);
            return new Launched(process.pid(), startOf(process.toHandle()), HOST, port, exit);
        } catch (IOException e) {
            throw new LaunchException("cannot start \"" + run.command() + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public @Nullable Launched adopt(Instance recorded) {
        return adopt(recorded.pid(), recorded.processStart(), recorded.host(), recorded.port());
    }

    private @Nullable Launched adopt(long pid, @Nullable Instant processStart, String host, int port) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return null;
        }
        Instant actual = startOf(handle.get());
        if (processStart != null && actual != null && !processStart.equals(actual)) {
            return null; // the pid was reused by another process
        }
        CompletableFuture<Integer> exit = handle.get().onExit().thenApply(h -> -1);
        return new Launched(pid, actual, host, port, exit);
    }

    /** Looks for the process that carries {@code CUTOVER_INSTANCE_ID} in its environment (Linux: /proc). */
    @Override
    public @Nullable Launched find(String instanceId) {
        byte[] marker = ("CUTOVER_INSTANCE_ID=" + instanceId + "\0").getBytes(StandardCharsets.UTF_8);
        java.util.Map<Long, byte[]> carriers = new java.util.HashMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                if (contains(environ, marker)) {
                    carriers.put(p.pid(), environ);
                }
            } catch (IOException | SecurityException e) {
                // gone meanwhile, or not ours to read
            }
        });
        // The shell that ran the command and the command may both carry it: the instance is the topmost.
        for (var carrier : carriers.entrySet()) {
            long pid = carrier.getKey();
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            boolean topmost = handle.flatMap(ProcessHandle::parent).map(parent -> !carriers.containsKey(parent.pid())).orElse(true);
            if (handle.isPresent() && topmost) {
                String port = variable(carrier.getValue(), "PORT");
                return adopt(pid, null, HOST, port == null ? 0 : Integer.parseInt(port));
            }
        }
        return null;
    }

    /** The value of {@code name} in a process's environment block, or null. */
    private static @Nullable String variable(byte[] environ, String name) {
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(name + "=")) {
                return entry.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public LogChunk tail(Instance instance, int lines) {
        return LogFiles.tail(Path.of(instance.logFile()), lines);
    }

    @Override
    public LogChunk since(Instance instance, long cursor) {
        return LogFiles.since(Path.of(instance.logFile()), cursor);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (i > 0 && haystack[i - 1] != 0) {
                continue; // only at the start of a variable
            }
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void terminate(Launched instance) {
        // The shell may have forked the command instead of exec-ing it: signal the whole tree.
        tree(instance).forEach(ProcessHandle::destroy);
    }

    @Override
    public void kill(Launched instance) {
        tree(instance).forEach(ProcessHandle::destroyForcibly);
    }

    private static java.util.List<ProcessHandle> tree(Launched instance) {
        return ProcessHandle.of(instance.pid())
                .map(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()).toList())
                .orElse(java.util.List.of());
    }

    /** A free port on the loopback address for a new instance. */
    static int allocatePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LaunchException("no free port: " + e.getMessage(), e);
        }
    }

    private static @Nullable Instant startOf(ProcessHandle handle) {
        // Truncated: the OS reports start times in clock ticks, and a round trip through text must compare equal.
        return handle.info().startInstant().map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(null);
    }

    /** An instance that could not be started; the message says why. */
    public static final class LaunchException extends RuntimeException {
        LaunchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
