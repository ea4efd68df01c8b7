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
 */
public record RevisionBackends(int revision, int weight, List<Endpoint> endpoints) {

    public RevisionBackends {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
        }
        endpoints = List.copyOf(requireNonNull(endpoints, "endpoints"));
    }
}
