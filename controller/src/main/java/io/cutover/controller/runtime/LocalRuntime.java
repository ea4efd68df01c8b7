package io.cutover.controller.runtime;

import io.cutover.core.manifest.RunSpec;
import io.cutover.core.manifest.RuntimeKind;
import io.cutover.core.model.Instance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Runs instances as OS processes on this host: {@code /bin/sh -c <command>} with the app's environment
 * and {@code PORT}, {@code PORT0}, {@code PORTS}; stdout and stderr appended to the instance's log file.
 *
 * <p>An instance is its whole process tree: each runs in a session of its own ({@code setsid}), and the
 * session is what gets signalled ({@link Sessions}). When the instance's main process ends, for any
 * reason, what is left of its session is stopped before the instance counts as exited. Every process
 * carries {@code CUTOVER_INSTANCE_ID} and {@code CUTOVER_RUNTIME} (the runtime's identity: the store's, so
 * every controller of one store knows the processes of the others), so a restarted server or a new leader
 * finds its instances again and stops the ones the store no longer knows.
 */
public final class LocalRuntime implements InstanceRuntime {

    /** The address every local instance listens on. */
    static final String HOST = "127.0.0.1";

    /** Names the runtime that started a process. */
    static final String RUNTIME_VARIABLE = "CUTOVER_RUNTIME";
    static final String INSTANCE_VARIABLE = "CUTOVER_INSTANCE_ID";

    private final Path defaultWorkingDir;
    private final Path logDir;
    private final String runtimeId;

    /**
     * A runtime whose identity among the host's processes is its log directory.
     *
     * @param defaultWorkingDir where commands run when the spec names no working directory
     * @param logDir where each instance's stdout and stderr go, one file per instance
     */
    public LocalRuntime(Path defaultWorkingDir, Path logDir) {
        this(defaultWorkingDir, logDir, logDir.toAbsolutePath().normalize().toString());
    }

    /**
     * @param runtimeId this runtime's identity among the host's processes: the controllers that share it
     *     (those of one store) adopt and stop each other's processes
     */
    public LocalRuntime(Path defaultWorkingDir, Path logDir, String runtimeId) {
        this.defaultWorkingDir = defaultWorkingDir;
        this.logDir = logDir;
        this.runtimeId = runtimeId;
    }

    @Override
    public RuntimeKind kind() {
        return RuntimeKind.LOCAL;
    }

    @Override
    public String logLocation(String instanceId) {
        return logDir.resolve(instanceId + ".log").toString();
    }

    @Override
    public Launched launch(Launch launch) {
        String instanceId = launch.instanceId();
        RunSpec run = launch.run();
        Duration stopGrace = launch.stopGrace();
        Path logFile = Path.of(logLocation(instanceId));
        int port = allocatePort();
        try {
            Files.createDirectories(logFile.getParent());
            // setsid execs the shell in a new session (the child of the JVM never leads a process group, so
            // setsid need not fork): the session id is the instance's pid.
            ProcessBuilder builder = new ProcessBuilder("setsid", "/bin/sh", "-c", run.command());
            Map<String, String> env = builder.environment();
            env.putAll(run.env());
            String portText = Integer.toString(port);
            env.put("PORT", portText);
            env.put("PORT0", portText);
            env.put("PORTS", portText);
            env.put("HOST", HOST);
            env.put(INSTANCE_VARIABLE, instanceId);
            env.put(RUNTIME_VARIABLE, runtimeId);
            builder.directory(run.workingDir() == null ? defaultWorkingDir.toFile()
                    : defaultWorkingDir.resolve(run.workingDir()).toFile());
            builder.redirectErrorStream(true);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process process = builder.start();
            CompletableFuture<Integer> exit = Sessions.endsWith(process.pid(), process.onExit().thenApply(Process::exitValue),
                    stopGrace);
            return new Launched(process.pid(), startOf(process.toHandle()), HOST, port, exit);
        } catch (IOException e) {
            throw new LaunchException("cannot start \"" + run.command() + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public @Nullable Launched adopt(Instance recorded, Duration stopGrace) {
        return adopt(recorded.pid(), recorded.processStart(), recorded.host(), recorded.port(), stopGrace);
    }

    private @Nullable Launched adopt(long pid, @Nullable Instant processStart, String host, int port, Duration stopGrace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !ProcessTable.running(handle.get())) {
            return null;
        }
        Instant actual = startOf(handle.get());
        if (processStart != null && actual != null && !processStart.equals(actual)) {
            return null; // the pid was reused by another process
        }
        // not this process's child: it may end as a zombie its own parent has not reaped (a frozen controller)
        CompletableFuture<Integer> exit = Sessions.endsWith(pid, ProcessTable.end(handle.get()).thenApply(h -> -1), stopGrace);
        return new Launched(pid, actual, host, port, exit);
    }

    /** Looks for the process that carries {@code CUTOVER_INSTANCE_ID} in its environment (Linux: /proc). */
    @Override
    public @Nullable Launched find(String instanceId, Duration stopGrace) {
        Map<Long, byte[]> carriers = ProcessTable.carrying(INSTANCE_VARIABLE, instanceId);
        // The shell that ran the command and the command may both carry it: the instance is the topmost.
        for (var carrier : carriers.entrySet()) {
            long pid = carrier.getKey();
            boolean topmost = ProcessTable.parent(pid).map(parent -> !carriers.containsKey(parent.pid())).orElse(true);
            if (topmost && ProcessHandle.of(pid).isPresent()) {
                String port = ProcessTable.variable(carrier.getValue(), "PORT");
                return adopt(pid, null, HOST, port == null ? 0 : Integer.parseInt(port), stopGrace);
            }
        }
        return null;
    }

    @Override
    public List<Orphan> stopOrphans(Predicate<String> known, Duration stopGrace) {
        return Sessions.stopOrphans(ProcessTable.carrying(RUNTIME_VARIABLE, runtimeId), known, stopGrace);
    }

    @Override
    public LogChunk tail(Instance instance, int lines) {
        return LogFiles.tail(Path.of(instance.logFile()), lines);
    }

    @Override
    public LogChunk since(Instance instance, long cursor) {
        return LogFiles.since(Path.of(instance.logFile()), cursor);
    }

    @Override
    public HookResult runHook(HookCommand hook) {
        return ShellHook.run(hook, defaultWorkingDir);
    }

    @Override
    public void terminate(Launched instance) {
        Sessions.members(instance.pid()).forEach(ProcessHandle::destroy);
    }

    @Override
    public void kill(Launched instance) {
        Sessions.members(instance.pid()).forEach(ProcessHandle::destroyForcibly);
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
