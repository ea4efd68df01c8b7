package io.cutover.controller.runtime;

import org.jspecify.annotations.Nullable;

/** Where the server runs instances ({@code cutover server --runtime}). */
public sealed interface RuntimeChoice {

    /** Processes on this host (the default). */
    RuntimeChoice LOCAL = new Local();

    record Local() implements RuntimeChoice {}

    /**
     * Pods of a Kubernetes cluster, reached as fabric8's auto-configuration finds it (in-cluster service
     * account, {@code KUBECONFIG} or {@code ~/.kube/config}).
     *
     * @param namespace the namespace the apps' pods go in; null for the configuration's (in-cluster: the pod's own)
     * @param apiUrl the API server's URL instead of the configuration's; null for the configuration's
     */
    record Kubernetes(@Nullable String namespace, @Nullable String apiUrl) implements RuntimeChoice {}
}
