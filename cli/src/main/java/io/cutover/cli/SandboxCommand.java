package io.cutover.cli;

import io.cutover.demo.Demo;
import io.cutover.sandbox.SandboxCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cutover sandbox}: a Kubernetes sandbox on this machine until stopped, for trying the Kubernetes
 * runtime without a cluster ({@code cutover server --runtime kubernetes --kubernetes-api URL}) and for
 * {@code bench/kubernetes.sh}.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Runs a Kubernetes sandbox on this machine until stopped (Ctrl-C, SIGTERM): a real HTTP API server"
                + " (fabric8's, in CRUD mode), a ReplicaSet controller, and a kubelet that runs each pod's app as a process"
                + " on an address of its own (127.0.0.N). Images: simpleservice:VERSION (the example app), static:VERSION"
                + " (answered inside the sandbox, no process), crash:ANY (exits at once); any other cannot be pulled.",
                "Point a server at it: cutover server --runtime kubernetes --kubernetes-api URL --namespace cutover-test."})
final class SandboxCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Where each pod's output goes (<pod>.log). Default: a new temporary directory.")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        Path logs = logDir != null ? Files.createDirectories(logDir) : Files.createTempDirectory("cutover-sandbox-");
        SandboxCluster cluster = SandboxCluster.withKubelet(logs, Demo.simpleserviceJar());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            cluster.close();
            stopped.countDown();
        }, "cutover-sandbox-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        PrintWriter out = spec.commandLine().getOut();
        out.println("sandbox: API server on " + cluster.apiUrl() + ", namespace " + SandboxCluster.NAMESPACE
                + ", pods' output in " + logs);
        out.flush();
        stopped.await();
        return 0;
    }
}
