package io.cutover.core.routing;

import io.cutover.core.deploy.Deployment;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How an app's active deployment shapes its routes: revision weights, the canary revision, sticky
 * sessions. Apps without one route by their instances' shares.
 *
 * @param weights the router weight of each revision; a revision not listed gets none; null: by shares
 * @param canary the canary revision (its own host, the {@code X-Cutover-Canary} header), or null
 * @param sticky whether a cookie keeps each client on the revision it first got
 */
public record RoutingPolicy(@Nullable Map<Integer, Integer> weights, @Nullable Integer canary, boolean sticky) {

    /** What an active deployment asks of the routes, or null when it asks nothing. */
    public static @Nullable RoutingPolicy of(Deployment deployment, boolean stickySessions) {
        Map<Integer, Integer> weights = deployment.weights();
        Integer canary = deployment.canaryRevision();
        if (weights == null && canary == null) {
            return null;
        }
        return new RoutingPolicy(weights, canary, stickySessions && canary != null);
    }
}
