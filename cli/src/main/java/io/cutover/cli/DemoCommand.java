package io.cutover.cli;

import io.cutover.core.manifest.RuntimeKind;
import io.cutover.demo.Demo;
import io.cutover.demo.DemoOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cutover demo}: runs the {@link Demo} with the options given. */
@Command(name = "demo", sortOptions = false,
        description = {"Starts a throw-away server, deploys the example app, sends it steady traffic through the"
                + " router, rolls out new versions meanwhile (rolling, canary with analysis, blue-green), prints which"
                + " version answered and whether any request failed, shows a maintenance window, and cleans up.",
                "Exit code 0 only if every deployment succeeded and no request failed."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "" + DemoOptions.DEFAULT_INSTANCES,
            description = "How many instances to deploy. Default: ${DEFAULT-VALUE}.")
    int instances;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "" + DemoOptions.DEFAULT_SECONDS,
            description = "Seconds of traffic before the deployment starts, and again after it ended."
                    + " Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "" + DemoOptions.DEFAULT_RATE,
            description = "Requests per second through the router, sent on schedule however long answers take;"
                    + " 0 sends as fast as the connections allow. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = {"--connections", "--concurrency"}, paramLabel = "C", defaultValue = "" + DemoOptions.DEFAULT_CONNECTIONS,
            description = "Keep-alive connections, each one request at a time. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--runtime", paramLabel = "local|kubernetes", defaultValue = "local",
            description = "Where the instances run: processes of this machine, or pods of a Kubernetes sandbox started "
                    + "in this process (an API server, a ReplicaSet controller, a kubelet running each pod as a process). "
                    + "Default: ${DEFAULT-VALUE}.")
    String runtime;

    @Override
    public Integer call() {
        DemoOptions options;
        try {
            options = new DemoOptions(instances, seconds, rate, connections, runtimeKind());
        } catch (IllegalArgumentException e) {
            // the options' messages start with the field, which is the option's name
            throw new ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        return new Demo(options, spec.commandLine().getOut(), spec.commandLine().getErr()).run();
    }

    private RuntimeKind runtimeKind() {
        return switch (runtime.strip()) {
            case "local" -> RuntimeKind.LOCAL;
            case "kubernetes" -> RuntimeKind.KUBERNETES;
            default -> throw new IllegalArgumentException("runtime: \"" + runtime + "\" (expected: local or kubernetes)");
        };
    }
}
