package io.cutover.cli;

import io.cutover.client.CliFailure;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine;

/**
 * {@code cutover}: the one entry point — the server, the demo, and the client commands that talk to a
 * running server's API.
 *
 * <p>Exit codes: 0 ok, 1 an error from the server or a failed check, 2 a usage error, 3 the server
 * cannot be reached.
 */
@Command(name = "cutover", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Zero-downtime deployments: a controller and the router every request passes through.",
        subcommands = {
            ServerCommand.class,
            RouterCommand.class,
            DemoCommand.class,
            SandboxCommand.class,
            LoadCommand.class,
            ApplyCommand.class,
            PlanCommand.class,
            DeploymentsCommand.class,
            DeploymentCommand.class,
            CancelCommand.class,
            DeploymentControlCommand.Continue.class,
            DeploymentControlCommand.Promote.class,
            DeploymentControlCommand.Pause.class,
            DeploymentControlCommand.Resume.class,
            AppsCommand.class,
            AppCommand.class,
            StatusCommand.class,
            RevisionsCommand.class,
            RollbackCommand.class,
            InstancesCommand.class,
            ScaleCommand.class,
            DeleteCommand.class,
            RoutesCommand.class,
            RoutersCommand.class,
            CertsCommand.class,
            ControllersCommand.class,
            MapRouteCommand.class,
            UnmapRouteCommand.class,
            MaintenanceCommand.class,
            LogsCommand.class,
            EventsCommand.class,
            TokensCommand.class,
            StoreCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    /** This CLI's version. */
    public static final String VERSION = "0.1.0";

    @Spec
    CommandSpec spec;

    /** Runs {@code cutover} with these arguments and exits with its exit code. */
    public static void main(String[] args) {
        // Netty's buffer-leak detector samples buffers and touches every message on its way through a
        // pipeline; the tests keep it on, the binary leaves it off unless asked for (-Dio.netty.leakDetection.level).
        if (System.getProperty("io.netty.leakDetection.level") == null && System.getProperty("io.netty.leakDetectionLevel") == null) {
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
        int exitCode = run(args, System.out, System.err);
        System.exit(exitCode);
    }

    /**
     * Runs {@code cutover} with these arguments, printing to {@code out} and {@code err} instead of the
     * process's streams; for tests and embedding.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return commandLine(outWriter, errWriter).execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** The configured command line: one-line usage errors, no stack traces for failures. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExecutionExceptionHandler((failure, failedCommand, parseResult) -> {
            if (failure instanceof CliFailure cliFailure) {
                failedCommand.getErr().print(cliFailure.render());
                failedCommand.getErr().flush();
                return cliFailure.exitCode();
            }
            failedCommand.getErr().println("cutover: unexpected error: " + failure);
            if (System.getenv("CUTOVER_DEBUG") != null) {
                failure.printStackTrace(failedCommand.getErr());
            }
            failedCommand.getErr().flush();
            return CliFailure.FAILED;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CliFailure.USAGE;
    }

    private static int usageError(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("cutover: " + failure.getMessage());
        UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** {@code cutover --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cutover " + VERSION};
        }
    }
}
