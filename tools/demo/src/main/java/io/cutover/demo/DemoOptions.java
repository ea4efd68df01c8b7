package io.cutover.demo;

import io.cutover.core.manifest.RuntimeKind;
import io.cutover.load.LoadOptions;
import java.net.URI;
import java.time.Duration;

/**
 * How big the {@link Demo} is.
 *
 * @param instances instances of the example app, 1..1000. Default 4.
 * @param seconds seconds of traffic before each deployment starts, and again after it ended; at least 1.
 *     Default 2.
 * @param rate requests per second through the router, sent on schedule however long answers take; 0 sends
 *     as fast as the connections allow. Default 400.
 * @param connections keep-alive connections, each one request at a time. Default 8.
 * @param runtime where the instances run: processes of this machine (the default), or pods of a Kubernetes
 *     sandbox started in this process (an API server, a ReplicaSet controller and a kubelet running each
 *     pod as a process on an address of its own)
 */
public record DemoOptions(int instances, int seconds, int rate, int connections, RuntimeKind runtime) {

    /** On the local runtime. */
    public DemoOptions(int instances, int seconds, int rate, int connections) {
        this(instances, seconds, rate, connections, RuntimeKind.LOCAL);
    }

    /** Default {@link #instances()}: 4. */
    public static final int DEFAULT_INSTANCES = 4;
    /** Default {@link #seconds()}: 2. */
    public static final int DEFAULT_SECONDS = 2;
    /** Default {@link #rate()}: 400 requests per second. */
    public static final int DEFAULT_RATE = 400;
    /** Default {@link #connections()}: 8. */
    public static final int DEFAULT_CONNECTIONS = 8;

    static final int MAX_INSTANCES = 1000;

    /**
     * Checks every field before anything starts.
     *
     * @throws IllegalArgumentException naming the field: {@code rate: -1 (expected: 0..10000000, ...)}
     */
    public DemoOptions {
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException("instances: " + instances + " (expected: 1.." + MAX_INSTANCES + ")");
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds: " + seconds + " (expected: >= 1)");
        }
        traffic(rate, connections, seconds, 80); // the load generator checks rate and connections
        java.util.Objects.requireNonNull(runtime, "runtime");
    }

    /** Traffic before a deployment starts, and after it ended. */
    Duration phase() {
        return Duration.ofSeconds(seconds);
    }

    /** The traffic through the router at {@code routerPort}; stopped by the demo, its duration is a bound. */
    LoadOptions traffic(int routerPort) {
        return traffic(rate, connections, seconds, routerPort);
    }

    private static LoadOptions traffic(int rate, int connections, int seconds, int routerPort) {
        Duration phase = Duration.ofSeconds(seconds);
        return LoadOptions.builder(URI.create("http://127.0.0.1:" + routerPort + "/endpoint0"))
                .host(DemoApp.HOST).rate(rate).connections(connections)
                .duration(DeploymentUnderLoad.longest(phase, phase)).build();
    }
}
