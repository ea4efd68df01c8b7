package io.cutover.cli.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code cutover router} as a separate OS process (the built jar), so a test can stop, freeze or kill it. */
final class RouterProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/cutover.jar").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)(?: and https://[^:]+:(\\d+))?");

    private final Process process;
    final String id;
    final int port;
    /** The TLS listener's port, -1 without one. */
    final int tlsPort;

    private RouterProcess(Process process, String id, int port, int tlsPort) {
        this.process = process;
        this.id = id;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** Starts a router; {@code port} 0 picks a free one. */
    static RouterProcess start(String id, String controller, Path stateDir, int port, Map<String, String> env) throws Exception {
        return start(id, controller, stateDir, port, env, List.of());
    }

    /** Starts a router with {@code options} added to its command line. */
    static RouterProcess start(String id, String controller, Path stateDir, int port, Map<String, String> env,
            List<String> options) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-jar", JAR.toString(), "router",
                "--controller", controller, "--id", id, "--listen", "127.0.0.1:" + port, "--state-dir", stateDir.toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<int[]> listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return new int[] {Integer.parseInt(m.group(1)), m.group(2) == null ? -1 : Integer.parseInt(m.group(2))};
                    }
                }
                throw new IllegalStateException("router " + id + " exited before it listened");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            int[] bound = listening.get(60, TimeUnit.SECONDS);
            Files.createDirectories(stateDir);
            ProcessOutput.drainTo(lines, stateDir.resolve("router.log"));
            return new RouterProcess(process, id, bound[0], bound[1]);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGSTOP: the process freezes, its sockets stay open. */
    void freeze() throws Exception {
        signal("STOP");
    }

    /** SIGCONT. */
    void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        ProcessOutput.signal(process.pid(), name);
    }

    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            thaw(); // a frozen process cannot handle SIGTERM
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
