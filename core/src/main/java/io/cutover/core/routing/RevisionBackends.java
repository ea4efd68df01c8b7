package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The routable instances of one revision of an app, and the share of the route's traffic they take.
 *
 * @param revision the revision number
 * @param weight the revision's traffic weight, 0..100; weights of a route's revisions are relative to
 *     their sum
 * @param endpoints the instances that may get new requests
 * @param canary whether this is the canary of an active canary deployment: the header {@code
 *     X-Cutover-Canary: always} reaches only it, {@code never} everything but it. Default false
 */
public record RevisionBackends(int revision, int weight, List<Endpoint> endpoints, Boolean canary) {

    public RevisionBackends {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
        }
        endpoints = List.copyOf(requireNonNull(endpoints, "endpoints"));
        canary = canary != null && canary;
    }

    /** A revision that is not a canary. */
    public RevisionBackends(int revision, int weight, List<Endpoint> endpoints) {
        this(revision, weight, endpoints, false);
    }
}
