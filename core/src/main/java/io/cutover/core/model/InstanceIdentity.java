package io.cutover.core.model;

import static java.util.Objects.requireNonNull;

/**
 * Who an instance is, asked of its address before a router's new connection to it carries a request. An
 * address can outlive its instance (a pod's IP goes to the next pod), so a route that is a moment stale
 * must not reach whoever holds the address now: the router asks {@code GET /uid} on {@code port} at the
 * instance's host and uses the connection only if the answer is {@code uid}.
 *
 * @param port where the instance answers who it is (on the Kubernetes runtime, the pod's identity
 *     container)
 * @param uid what it must answer: on Kubernetes, the pod's uid, unique in the cluster's life
 */
public record InstanceIdentity(int port, String uid) {

    public InstanceIdentity {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("identity port: " + port + " (expected: 1..65535)");
        }
        requireNonNull(uid, "uid");
        if (uid.isBlank()) {
            throw new IllegalArgumentException("identity uid: empty (expected: the instance's uid)");
        }
    }
}
