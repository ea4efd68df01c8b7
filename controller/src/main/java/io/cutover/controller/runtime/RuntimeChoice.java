package io.cutover.controller.runtime;

import io.cutover.controller.kubernetes.PodTemplates;
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
     * @param identityImage the image of each pod's identity container, which tells routers who the pod is
     */
    record Kubernetes(@Nullable String namespace, @Nullable String apiUrl, String identityImage) implements RuntimeChoice {

        /** With the default identity image. */
        public Kubernetes(@Nullable String namespace, @Nullable String apiUrl) {
            this(namespace, apiUrl, PodTemplates.DEFAULT_IDENTITY_IMAGE);
        }
    }
}
