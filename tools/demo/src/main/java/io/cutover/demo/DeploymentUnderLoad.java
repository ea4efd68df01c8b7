package io.cutover.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.client.DeploymentWatch;
import io.cutover.load.LoadOptions;
import io.cutover.load.LoadReport;
import io.cutover.load.LoadRun;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The heart of the demo: steady traffic through the router, a rolling deployment of the next version in
 * the middle of it, and the counts of what answered. Traffic runs for {@code before}, then the manifest
 * with the next version is applied and its deployment followed to its end (printing its progress), then
 * traffic goes on for {@code after} and stops.
 */
final class DeploymentUnderLoad {

    /** How long the deployment may take before the demo gives up on it. */
    static final Duration DEPLOYMENT_DEADLINE = Duration.ofMinutes(2);
    /** The reason a successful deployment ends with. */
    private static final String DEPLOYED = "DEPLOYED";

    private final ApiClient api;
    private final PrintWriter out;
    private final LoadOptions load;
    private final Duration before;
    private final Duration after;

    /**
     * @param load the traffic; its duration is only an upper bound (at least {@link #longest}), as the run
     *     is stopped once {@code after} has passed
     * @param before traffic before the deployment starts
     * @param after traffic after it ended
     */
    DeploymentUnderLoad(ApiClient api, PrintWriter out, LoadOptions load, Duration before, Duration after) {
        this.api = requireNonNull(api, "api");
        this.out = requireNonNull(out, "out");
        this.load = requireNonNull(load, "load");
        this.before = requireNonNull(before, "before");
        this.after = requireNonNull(after, "after");
    }

    /** The longest the traffic can take: before, the deployment's deadline, after, and a margin. */
    static Duration longest(Duration before, Duration after) {
        return before.plus(DEPLOYMENT_DEADLINE).plus(after).plusSeconds(10);
    }

    /**
     * Sends the traffic and deploys {@code manifest} in the middle of it. A deployment that does not end
     * {@code DEPLOYED} does not end the traffic early: the outcome holds both.
     *
     * @throws CliFailure when the apply fails or starts no deployment (the traffic is stopped)
     */
    Outcome run(JsonNode manifest, String version) throws InterruptedException {
        String rate = load.rate() == 0 ? "as fast as it can" : load.rate() + " req/s";
        out.println("sending " + rate + " through the router (GET http://" + load.hostHeader() + ":"
                + load.url().getPort() + load.url().getPath() + " over " + load.connections() + " connections)…");
        out.flush();
        List<VersionChart.Mark> marks = new ArrayList<>();
        CliFailure failure = null;
        LoadRun run = LoadRun.start(load);
        long start = System.nanoTime();
        try {
            Thread.sleep(before);
            long id = apply(manifest);
            marks.add(new VersionChart.Mark(since(start), "deployment " + id + " started"));
            out.println("after " + seconds(before) + ": applied version " + version + ", deployment " + id + " started");
            out.flush();
            try {
                new DeploymentWatch(api, out).follow(id, DEPLOYMENT_DEADLINE, DEPLOYED, out, false);
                marks.add(new VersionChart.Mark(since(start), "deployment " + id + " " + DEPLOYED));
            } catch (CliFailure notDeployed) {
                failure = notDeployed;
                marks.add(new VersionChart.Mark(since(start), "deployment " + id + " not deployed"));
            }
            out.println("traffic for " + seconds(after) + " more…");
            out.flush();
            Thread.sleep(after);
        } finally {
            run.stop();
        }
        return new Outcome(run.await(), marks, failure);
    }

    /** Applies the manifest: the answer's {@code deployment} is the id of the deployment it started. */
    private long apply(JsonNode manifest) {
        JsonNode answer = api.post("/v1/apps", manifest).json();
        JsonNode deployment = answer.path("deployment");
        if (!deployment.canConvertToLong()) {
            throw CliFailure.failed("applying the next version started no deployment (revision "
                    + answer.path("revision").asText("?") + ")");
        }
        return deployment.asLong();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /**
     * What happened.
     *
     * @param report the traffic
     * @param marks when the deployment started and ended, from the start of the traffic
     * @param deploymentFailure why the deployment did not end {@code DEPLOYED}, or {@code null} if it did
     */
    record Outcome(LoadReport report, List<VersionChart.Mark> marks, @Nullable CliFailure deploymentFailure) {
        Outcome {
            requireNonNull(report, "report");
            marks = List.copyOf(marks);
        }

        /** Whether the deployment ended {@code DEPLOYED}. */
        boolean deployed() {
            return deploymentFailure == null;
        }
    }
}
