package io.cutover.core.manifest;

import java.util.Locale;

/** Where a server runs its instances: what a manifest may ask for depends on it ({@link RuntimeFit}). */
public enum RuntimeKind {
    /** Processes on the controller's host, started from {@code run.command}. */
    LOCAL,
    /** Pods of a Kubernetes cluster, started from {@code run.image}. */
    KUBERNETES;

    /** As {@code cutover server --runtime} names it. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
