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
 * @param mirror the share, 0..100, of idempotent requests served by other revisions that routers copy to
 *     the canary revision
 * @param recreating a {@code recreate} deployment runs: while the app has no routable instance its
 *     routes answer with the maintenance response ({@link Maintenance#recreating})
 * @param preview the {@code canary} revision is a blue-green deployment's green before the switch: its
 *     host is {@code APP--preview}, not {@code APP--canary}
 */
public record RoutingPolicy(@Nullable Map<Integer, Integer> weights, @Nullable Integer canary, boolean sticky, int mirror,
        boolean recreating, boolean preview) {

    /** A policy that mirrors nothing. */
    public RoutingPolicy(@Nullable Map<Integer, Integer> weights, @Nullable Integer canary, boolean sticky) {
        this(weights, canary, sticky, 0, false, false);
    }

    /**
     * What an active deployment asks of the routes, or null when it asks nothing.
     *
     * @param stickySessions the app's {@code strategy.stickySessions}
     * @param mirrorPercent the app's {@code strategy.mirror.percent}, 0 for none
     */
    public static @Nullable RoutingPolicy of(Deployment deployment, boolean stickySessions, int mirrorPercent) {
        Map<Integer, Integer> weights = deployment.weights();
        Integer canary = deployment.canaryRevision();
        Integer preview = deployment.previewRevision();
        boolean recreating = deployment.active() && deployment.strategy() == io.cutover.core.manifest.StrategySpec.Type.RECREATE;
        if (weights == null && canary == null && preview == null && !recreating) {
            return null;
        }
        return new RoutingPolicy(weights, canary != null ? canary : preview, stickySessions && canary != null,
                canary != null ? mirrorPercent : 0, recreating, preview != null);
    }
}
