package io.cutover.cli;

import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.load.LoadOptions;
import io.cutover.load.LoadReport;
import io.cutover.load.LoadRun;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code cutover load URL}: sends {@code GET URL} at a fixed rate for a while, prints a line per
 * interval and a summary, and exits 0 only if every request got a 2xx answer — to watch a deployment
 * happen without a failed request. The work is done by {@link LoadRun}.
 */
@Command(name = "load", sortOptions = false,
        description = {"Sends GET URL at a fixed rate over keep-alive connections, prints a line per interval"
                + " (statuses, errors, latency, versions that answered) and a summary.",
                "Exit code 0 only if every request got a 2xx answer."})
final class LoadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL",
            description = "The http:// URL to get, e.g. http://127.0.0.1:8080/endpoint0.")
    String url;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "" + LoadOptions.DEFAULT_RATE,
            description = "Requests per second, sent on schedule however long answers take (late ones are"
                    + " counted); 0 sends as fast as the connections allow. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to send: 30s, 2m, 500ms. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--connections", paramLabel = "C", defaultValue = "" + LoadOptions.DEFAULT_CONNECTIONS,
            description = "Keep-alive connections, each one request at a time. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--host", paramLabel = "HOST",
            description = "The Host header to send instead of the URL's, e.g. hello.localhost.")
    @Nullable String host;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "How often to print a line. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long one request may take before it counts as an error. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = Format.Converter.class,
            description = "table (default): a summary for people; json: the report as JSON on stdout, the"
                    + " interval lines on stderr.")
    Format output = Format.TABLE;

    @Override
    public Integer call() {
        LoadOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        boolean json = output == Format.JSON;
        PrintWriter progress = json ? spec.commandLine().getErr() : out;
        progress.println(LoadOutput.plan(options));
        progress.flush();
        LoadRun run = LoadRun.start(options, interval -> {
            progress.println(LoadOutput.line(interval));
            progress.flush();
        });
        StopOnShutdown stop = StopOnShutdown.install(run, options.timeout());
        int exitCode = CliFailure.FAILED;
        try {
            LoadReport report = run.await();
            if (json) {
                out.println(ApiClient.pretty(LoadOutput.json(report)));
            } else {
                out.println();
                out.print(LoadOutput.summary(report));
            }
            out.flush();
            exitCode = report.allOk() ? 0 : CliFailure.FAILED;
            return exitCode;
        } catch (InterruptedException e) {
            run.stop();
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        } finally {
            stop.printed(exitCode);
        }
    }

    private LoadOptions options() {
        URI target;
        try {
            target = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "URL: '" + url + "' (expected: an http:// URL: " + e.getReason() + ")");
        }
        try {
            return LoadOptions.builder(target).host(host).rate(rate).duration(duration).connections(connections)
                    .interval(interval).timeout(timeout).build();
        } catch (IllegalArgumentException e) {
            // The options' messages start with the field, which is the option's name (or URL).
            String message = e.getMessage();
            throw new ParameterException(spec.commandLine(), message.startsWith("url:") ? "URL" + message.substring(3)
                    : "--" + message);
        }
    }

    /** How the summary is printed. */
    enum Format {
        TABLE,
        JSON;

        /** Reads {@code table} or {@code json}, in any case. */
        static final class Converter implements ITypeConverter<Format> {
            @Override
            public Format convert(String value) {
                return switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "table" -> TABLE;
                    case "json" -> JSON;
                    default -> throw new TypeConversionException("'" + value + "' (expected: table or json)");
                };
            }
        }
    }

    /**
     * While installed, Ctrl-C (or SIGTERM) stops the run early instead of ending the process at once: the
     * JVM's shutdown waits until the summary is printed, then ends with the command's own exit code.
     */
    private static final class StopOnShutdown {
        /** How long a shutdown waits for the summary beyond the requests' timeout. */
        private static final Duration GRACE = Duration.ofSeconds(5);

        private final Thread hook;
        private final CountDownLatch printed = new CountDownLatch(1);
        private volatile int exitCode = CliFailure.FAILED;

        private StopOnShutdown(LoadRun run, Duration timeout) {
            this.hook = new Thread(() -> {
                run.stop();
                try {
                    if (printed.await(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                        // The JVM would end with 130; the summary's verdict is what scripts check.
                        Runtime.getRuntime().halt(exitCode);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cutover-load-stop");
        }

        static StopOnShutdown install(LoadRun run, Duration timeout) {
            StopOnShutdown stop = new StopOnShutdown(run, timeout);
            Runtime.getRuntime().addShutdownHook(stop.hook);
            return stop;
        }

        /** The summary is out: a shutdown under way may end the process with {@code code}. */
        void printed(int code) {
            exitCode = code;
            printed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process now
            }
        }
    }
}
