package io.cutover.demo;

import io.cutover.controller.runtime.RuntimeChoice;
import io.cutover.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.util.List;

/**
 * The Kubernetes cluster of {@code cutover demo --runtime kubernetes}: the sandbox in this process (a real
 * HTTP API server, its ReplicaSet controller, and a kubelet that runs each pod's app as a process of this
 * machine on an address of its own), with the demo's app as the image {@code simpleservice:VERSION}.
 */
final class DemoCluster implements AutoCloseable {

    private final SandboxCluster cluster;

    private DemoCluster(SandboxCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts it; the pods' output goes to {@code logDir}. */
    static DemoCluster start(Path logDir, Path simpleserviceJar) {
        try {
            java.nio.file.Files.createDirectories(logDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new DemoCluster(SandboxCluster.withKubelet(logDir, simpleserviceJar));
    }

    /** The server's runtime: pods in the sandbox's namespace, through its API server. */
    RuntimeChoice runtime() {
        return new RuntimeChoice.Kubernetes(SandboxCluster.NAMESPACE, cluster.apiUrl());
    }

    String apiUrl() {
        return cluster.apiUrl();
    }

    /** The processes the pods run as now. */
    List<Long> podPids() {
        return cluster.kubelet().pids();
    }

    /** Stops the kubelet (and every pod's process with it), the controller and the API server. */
    @Override
    public void close() {
        cluster.close();
    }
}
