package io.cutover.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.client.RolloutWatch;
import io.cutover.client.Table;
import io.cutover.controller.CutoverServer;
import io.cutover.controller.ApiSecurity;
import io.cutover.controller.ServerOptions;
import io.cutover.controller.ha.HaOptions;
import io.cutover.controller.runtime.RuntimeChoice;
import io.cutover.core.manifest.RuntimeKind;
import io.cutover.load.LoadReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The demo behind {@code cutover demo}: starts a server in this process on free ports with a throw-away
 * data directory, deploys simpleservice 1.0, sends steady traffic through the router and, in the middle of
 * it, rolls out 2.0, then a canary of 3.0 with automatic analysis, then 4.0 blue-green; shows which
 * version answered second by second and whether any request failed; opens and closes a maintenance
 * window; and removes everything again.
 *
 * <p>The simpleservice jar is the {@code cutover.simpleservice.jar} system property if set, else under
 * {@code $CUTOVER_HOME}, else under the current directory. A demo runs once.
 */
public final class Demo {

    private static final Duration ROUTABLE_DEADLINE = Duration.ofSeconds(60);
    private static final Duration GONE_DEADLINE = Duration.ofSeconds(30);

    private final DemoOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private @Nullable Path dataDir;
    private @Nullable CutoverServer server;
    private @Nullable DemoCluster cluster;
    private @Nullable ApiClient api;
    private boolean deployed;
    private boolean cleanedUp;
    private final Set<Long> pids = new LinkedHashSet<>();

    /** A demo that prints its progress, charts and totals to {@code out}, and why it failed to {@code err}. */
    public Demo(DemoOptions options, PrintWriter out, PrintWriter err) {
        this.options = requireNonNull(options, "options");
        this.out = requireNonNull(out, "out");
        this.err = requireNonNull(err, "err");
    }

    /**
     * Runs the demo from start to clean-up; also cleans up when the JVM is stopped meanwhile (Ctrl-C).
     *
     * @return the exit code: 0 only if every deployment ended {@code DEPLOYED}, no request failed, every
     *     maintenance answer was right and no process was left behind; else {@link CliFailure#FAILED}
     */
    public int run() {
        Thread cleanupOnExit = new Thread(this::cleanUp, "cutover-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        QuietLogs quiet = QuietLogs.apply();
        int exitCode;
        try {
            exitCode = demo();
        } catch (CliFailure failure) {
            err.print(failure.render());
            err.flush();
            exitCode = failure.exitCode();
        } finally {
            if (!cleanUp()) {
                exitCode = CliFailure.FAILED;
            }
            quiet.restore();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will; nothing to remove
            }
        }
        return exitCode;
    }

    /**
     * The example app's jar, where the demo finds it (the {@code cutover.simpleservice.jar} property, else
     * under {@code $CUTOVER_HOME}, else under the current directory).
     *
     * @throws CliFailure naming the places looked at, when it is nowhere
     */
    public static Path simpleserviceJar() {
        return DemoApp.locateJar(System.getProperty("cutover.simpleservice.jar"), System.getenv("CUTOVER_HOME"));
    }

    private int demo() {
        Path jar = simpleserviceJar();
        progress("starting server…");
        InetSocketAddress router = startServer(jar);
        RolloutWatch watch = new RolloutWatch(api);

        progress("deploying " + DemoApp.NAME + " x" + options.instances() + " (version " + DemoApp.FIRST_VERSION + ")…");
        long deployStart = System.nanoTime();
        deployed = true; // from here on, clean up: the app may exist even if the answer is lost
        api.post("/v1/apps", DemoApp.manifest(jar, options.instances(), DemoApp.FIRST_VERSION, options.runtime()));
        RolloutWatch.Progress ready;
        try {
            ready = watch.awaitRoutable(DemoApp.NAME, ROUTABLE_DEADLINE, state -> {
                rememberPids();
                if (!state.done()) {
                    progress("  " + state.describe());
                }
            });
        } catch (CliFailure notReady) {
            showInstances();
            throw notReady;
        }
        progress(ready.routableCurrent() + "/" + ready.desired() + " instances routable in "
                + seconds(Duration.ofNanos(System.nanoTime() - deployStart)));
        rememberPids();

        Duration phase = options.phase();
        deployUnderLoad(DemoApp.manifest(jar, options.instances(), DemoApp.NEXT_VERSION, options.runtime()), DemoApp.FIRST_VERSION, DemoApp.NEXT_VERSION, router, phase);

        out.println();
        out.println("now a canary of " + DemoApp.CANARY_VERSION + ": 20%, analysis, 50%, analysis, 100% —"
                + " each analysis compares its error rate and latency with " + DemoApp.NEXT_VERSION + "'s over 3s,"
                + " after 2s to warm up");
        deployUnderLoad(DemoApp.canaryManifest(jar, options.instances(), options.runtime()), DemoApp.NEXT_VERSION, DemoApp.CANARY_VERSION, router, phase);

        out.println();
        out.println("now blue-green to " + DemoApp.BLUE_GREEN_VERSION + ": it starts at full size beside "
                + DemoApp.CANARY_VERSION + ", reachable only on " + DemoApp.NAME + "--preview.localhost; a probe through"
                + " the preview must see " + DemoApp.BLUE_GREEN_VERSION + "; then every router switches at once");
        deployUnderLoad(DemoApp.blueGreenManifest(jar, options.instances(), options.runtime()), DemoApp.CANARY_VERSION, DemoApp.BLUE_GREEN_VERSION, router, phase);

        out.println();
        new MaintenanceWindow(api, out, router).run();
        return 0;
    }

    /** Deploys {@code to} under traffic through the router, then reports it against {@code from}. */
    private void deployUnderLoad(JsonNode manifest, String from, String to, InetSocketAddress router, Duration phase) {
        DeploymentUnderLoad.Outcome outcome;
        try {
            outcome = new DeploymentUnderLoad(api, out, options.traffic(router.getPort()), phase, phase).run(manifest, to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        } finally {
            rememberPids();
        }
        report(outcome, from, to);
    }

    /** Prints a deployment's chart and totals; fails the demo if it was not deployed or a request failed. */
    private void report(DeploymentUnderLoad.Outcome outcome, String from, String to) {
        LoadReport report = outcome.report();
        out.println();
        out.print(VersionChart.render(report.intervals(), List.of(from, to), outcome.marks()));
        out.println();
        out.print(Summary.render(report));
        out.println();
        out.flush();
        if (!outcome.deployed()) {
            throw outcome.deploymentFailure();
        }
        if (report.totals().sent() == 0) {
            throw CliFailure.failed("no request was sent");
        }
        long failures = Summary.failures(report.totals());
        if (failures > 0) {
            throw CliFailure.failed(failures + " of " + report.totals().sent() + " requests failed during the deployment");
        }
    }

    private InetSocketAddress startServer(Path jar) {
        try {
            dataDir = Files.createTempDirectory("cutover-demo-");
        } catch (IOException e) {
            throw CliFailure.failed("cannot create a temporary directory: " + e.getMessage());
        }
        RuntimeChoice runtime = RuntimeChoice.LOCAL;
        if (options.runtime() == RuntimeKind.KUBERNETES) {
            try {
                cluster = DemoCluster.start(dataDir.resolve("pods"), jar);
            } catch (RuntimeException e) {
                throw CliFailure.failed("cannot start the Kubernetes sandbox: " + e.getMessage());
            }
            runtime = cluster.runtime();
            progress("Kubernetes sandbox: API server on " + cluster.apiUrl() + ", each pod a process on 127.0.0.N");
        }
        try {
            server = CutoverServer.start(new ServerOptions(dataDir, "127.0.0.1", 0, "127.0.0.1", 0, true,
                    ServerOptions.DEFAULT_ROUTER_TIMEOUT, ApiSecurity.defaults(), null, HaOptions.DEFAULTS, runtime, null));
        } catch (RuntimeException e) {
            throw CliFailure.failed("cannot start the server: " + e.getMessage());
        }
        InetSocketAddress apiAddress = server.apiAddress();
        InetSocketAddress router = server.routerAddress();
        if (router == null) {
            throw CliFailure.failed("the server started without its router");
        }
        api = new ApiClient(URI.create("http://127.0.0.1:" + apiAddress.getPort()), adminToken(server));
        progress("server: API on http://127.0.0.1:" + apiAddress.getPort() + ", router on http://127.0.0.1:"
                + router.getPort() + ", data in " + dataDir);
        progress("dashboard: http://127.0.0.1:" + apiAddress.getPort() + "/ (log in with the token in " + server.adminTokenFile() + ")");
        return router;
    }

    /** The admin token the new server wrote to its data directory: the demo acts as the operator. */
    private static String adminToken(CutoverServer server) {
        try {
            return Files.readString(server.adminTokenFile()).strip();
        } catch (IOException e) {
            throw CliFailure.failed("cannot read the server's admin token: " + e.getMessage());
        }
    }

    /** Notes the processes of every instance seen (and their children), to check they are gone at the end. */
    private void rememberPids() {
        if (cluster != null) {
            synchronized (pids) {
                pids.addAll(cluster.podPids());
            }
        }
        JsonNode instances = api.find("/v1/apps/" + DemoApp.NAME + "/instances").orElse(ApiClient.json().createArrayNode());
        for (JsonNode instance : instances) {
            long pid = instance.path("pid").asLong(0);
            if (pid > 0) {
                synchronized (pids) {
                    pids.add(pid);
                    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
                }
            }
        }
    }

    private void showInstances() {
        try {
            JsonNode list = api.get("/v1/apps/" + DemoApp.NAME + "/instances");
            Table table = Table.withColumns("ID", "STATE", "HEALTH", "READY", "LOG");
            for (JsonNode instance : list) {
                table.row(instance.path("id"), instance.path("state"), instance.path("health"),
                        instance.path("ready"), instance.path("logFile"));
            }
            table.printTo(out);
        } catch (CliFailure ignored) {
            // the failure being reported already says enough
        }
    }

    /**
     * Deletes the app, waits for its processes to exit (killing any left at the deadline), stops the
     * server and removes the data directory. Runs once, from the command or from the shutdown hook.
     *
     * @return whether everything went away as it should
     */
    private synchronized boolean cleanUp() {
        if (cleanedUp) {
            return true;
        }
        cleanedUp = true;
        boolean clean = true;
        if (deployed && api != null) {
            clean = deleteApp();
        }
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                progress("could not stop the server cleanly: " + e.getMessage());
            }
        }
        if (cluster != null) {
            cluster.close();
        }
        if (dataDir != null) {
            deleteRecursively(dataDir, err);
        }
        return clean;
    }

    private boolean deleteApp() {
        progress("deleting " + DemoApp.NAME + "…");
        long start = System.nanoTime();
        long deadline = start + GONE_DEADLINE.toNanos();
        try {
            rememberPids();
            try {
                api.delete("/v1/apps/" + DemoApp.NAME);
            } catch (CliFailure failure) {
                if (api.find("/v1/apps/" + DemoApp.NAME).isPresent()) {
                    throw failure;
                }
            }
            while (System.nanoTime() - deadline < 0) {
                if (alive().isEmpty() && appGone()) {
                    progress("app deleted, " + pids.size() + " processes exited in "
                            + seconds(Duration.ofNanos(System.nanoTime() - start)));
                    return true;
                }
                Thread.sleep(100);
            }
        } catch (CliFailure failure) {
            progress("could not delete the app: " + failure.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<Long> left = alive();
        if (left.isEmpty()) {
            progress("the app's processes exited, but the server still lists it");
            return false;
        }
        progress("FAILED: processes still alive after " + GONE_DEADLINE.toSeconds() + "s: " + left + "; killing them");
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        return false;
    }

    private boolean appGone() {
        return api.find("/v1/apps/" + DemoApp.NAME)
                .map(app -> api.find("/v1/apps/" + DemoApp.NAME + "/instances").map(JsonNode::isEmpty).orElse(true))
                .orElse(true);
    }

    private Set<Long> alive() {
        Set<Long> alive = new LinkedHashSet<>();
        synchronized (pids) {
            for (long pid : pids) {
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    alive.add(pid);
                }
            }
        }
        return alive;
    }

    private void progress(String line) {
        out.println(line);
        out.flush();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }

    private static void deleteRecursively(Path dir, PrintWriter err) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            err.println("cutover: could not remove " + dir + ": " + e.getMessage());
            err.flush();
        }
    }
}
