package io.cutover.core.routing;

import io.cutover.core.model.Instance;
import io.cutover.core.model.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the route table from the routes and the instances: each route gets the routable instances of
 * its app, grouped by revision, each revision weighted by its share of them — or by the weights an
 * active deployment asks for (a canary's), where a revision without a weight there gets none.
 */
public final class RouteTableComposer {

    private RouteTableComposer() {}

    /**
     * The table for {@code generation}.
     *
     * @param routes every route
     * @param instancesByApp every app's instances, in any state; only routable ones are placed
     * @param policies what the active deployments of apps ask of their routes
     * @param maintenance the routes an operator put in maintenance
     * @param https what each app's routes do about HTTPS (apps without an entry: nothing)
     */
    public static RoutingTable compose(long generation, Collection<Route> routes,
            Map<String, List<Instance>> instancesByApp, Map<String, RoutingPolicy> policies,
            Map<RouteKey, Maintenance> maintenance, Map<String, HttpsPolicy> https) {
        Map<String, List<Route>> byApp = new java.util.LinkedHashMap<>();
        for (Route route : routes) {
            byApp.computeIfAbsent(route.app(), a -> new ArrayList<>()).add(route);
        }
        List<RouteEntry> entries = new ArrayList<>(routes.size());
        byApp.forEach((app, appRoutes) -> entries.addAll(entries(app, appRoutes,
                instancesByApp.getOrDefault(app, List.of()), policies.get(app), maintenance, https.get(app))));
        return new RoutingTable(generation, entries);
    }

    /** The host that reaches only the canary of an app: {@code APP--canary.localhost}. */
    public static String canaryHost(String app) {
        return app + "--canary." + Route.DEFAULT_DOMAIN;
    }

    /** The host that reaches only the green revision of a blue-green deployment: {@code APP--preview.localhost}. */
    public static String previewHost(String app) {
        return app + "--preview." + Route.DEFAULT_DOMAIN;
    }

    /**
     * The entries of one app's routes.
     *
     * @param routes the app's routes
     * @param instances the app's instances, in any state; only routable ones are placed
     * @param policy what its active deployment asks of its routes, or null: weights by instance shares;
     *     a canary revision is marked in every route, and {@link #canaryHost} reaches only it
     * @param maintenance routes in maintenance (any app's; only this app's are looked at)
     * @param https what the app's routes do about HTTPS, or null for nothing; its canary and preview hosts
     *     ({@code *.localhost}) do nothing about it
     */
    public static List<RouteEntry> entries(String app, Collection<Route> routes, List<Instance> instances,
            @Nullable RoutingPolicy policy, Map<RouteKey, Maintenance> maintenance, @Nullable HttpsPolicy https) {
        Integer canary = policy == null ? null : policy.canary();
        boolean sticky = policy != null && policy.sticky();
        List<RevisionBackends> revisions = revisions(instances, policy == null ? null : policy.weights(), canary);
        List<RouteEntry> entries = new ArrayList<>(routes.size());
        for (Route route : routes) {
            if (!route.app().equals(app)) {
                throw new IllegalArgumentException("routes: " + route.host() + " belongs to " + route.app()
                        + " (expected: routes of " + app + ")");
            }
            Maintenance answer = maintenance.get(new RouteKey(route.host(), route.pathPrefix()));
            if (answer == null && policy != null && policy.recreating() && revisions.isEmpty()) {
                answer = Maintenance.recreating(app); // the gap between the old instances and the new
            }
            entries.add(new RouteEntry(route.host(), route.pathPrefix(), app, revisions, sticky,
                    policy == null ? 0 : policy.mirror(), answer, https));
        }
        if (canary != null) {
            List<RevisionBackends> only = revisions.stream().filter(RevisionBackends::canary)
                    .map(r -> new RevisionBackends(r.revision(), 100, r.endpoints(), true)).toList();
            entries.add(RouteEntry.of(policy.preview() ? previewHost(app) : canaryHost(app), app, only));
        }
        return entries;
    }

    private static List<RevisionBackends> revisions(List<Instance> instances, @Nullable Map<Integer, Integer> weights,
            @Nullable Integer canary) {
        Map<Integer, List<Endpoint>> byRevision = new TreeMap<>();
        int total = 0;
        for (Instance instance : instances) {
            if (instance.routable()) {
                byRevision.computeIfAbsent(instance.revision(), r -> new ArrayList<>())
                        .add(new Endpoint(instance.id(), instance.host(), instance.port(), instance.identity(),
                                instance.protocol()));
                total++;
            }
        }
        List<RevisionBackends> revisions = new ArrayList<>(byRevision.size());
        for (Map.Entry<Integer, List<Endpoint>> e : byRevision.entrySet()) {
            int weight = weights != null ? weights.getOrDefault(e.getKey(), 0)
                    : Math.max(1, Math.round(100f * e.getValue().size() / total));
            revisions.add(new RevisionBackends(e.getKey(), weight, e.getValue(), e.getKey().equals(canary)));
        }
        return revisions;
    }
}
