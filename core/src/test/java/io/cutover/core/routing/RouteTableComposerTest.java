package io.cutover.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.AppProtocol;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Route;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableComposerTest {

    private static Instance instance(String id, int revision, int port, InstanceState state, Health health, boolean ready) {
        return new Instance(id, "hello", revision, "127.0.0.1", port, 1, null, state, health, ready,
                Instant.EPOCH, "/tmp/x.log");
    }

    @Test
    void placesOnlyRoutableInstancesGroupedByRevision() {
        List<Instance> instances = List.of(
                instance("a", 1, 9001, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("b", 1, 9002, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("c", 1, 9003, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("d", 2, 9004, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("starting", 2, 9005, InstanceState.STARTING, Health.UNKNOWN, false),
                instance("sick", 2, 9006, InstanceState.RUNNING, Health.UNHEALTHY, true),
                instance("unready", 2, 9007, InstanceState.RUNNING, Health.HEALTHY, false),
                instance("leaving", 1, 9008, InstanceState.STOPPING, Health.HEALTHY, true));
        Route route = Route.parse("hello", "hello", Route.Source.MANIFEST, Route.DEFAULT_DOMAIN);

        RoutingTable table = RouteTableComposer.compose(7, List.of(route), Map.of("hello", instances), Map.of(), Map.of(), Map.of());

        assertThat(table.generation()).isEqualTo(7);
        RouteEntry entry = table.routes().get(0);
        assertThat(entry.host()).isEqualTo("hello.localhost");
        assertThat(entry.revisions()).extracting(RevisionBackends::revision, RevisionBackends::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 75), org.assertj.core.groups.Tuple.tuple(2, 25));
        assertThat(entry.revisions().get(0).endpoints()).extracting(Endpoint::instanceId).containsExactly("a", "b", "c");
        assertThat(entry.revisions().get(1).endpoints()).extracting(Endpoint::port).containsExactly(9004);
    }

    @Test
    void tellsTheRouterWhatEachInstanceSpeaks() throws Exception {
        Instance h2c = new Instance("g", "hello", 1, "127.0.0.1", 9001, 1, null, InstanceState.RUNNING, Health.HEALTHY, true,
                Instant.EPOCH, "/tmp/g.log", null, AppProtocol.H2C);
        Instance plain = instance("p", 2, 9002, InstanceState.RUNNING, Health.HEALTHY, true);
        Route route = Route.parse("hello", "hello", Route.Source.MANIFEST, Route.DEFAULT_DOMAIN);

        RoutingTable table = RouteTableComposer.compose(1, List.of(route), Map.of("hello", List.of(h2c, plain)), Map.of(), Map.of(), Map.of());

        List<Endpoint> endpoints = table.routes().get(0).revisions().stream().flatMap(r -> r.endpoints().stream()).toList();
        assertThat(endpoints).extracting(Endpoint::protocol).containsExactly(AppProtocol.H2C, AppProtocol.HTTP1);
        String json = Manifests.toJson(table);
        assertThat(json).contains("\"protocol\":\"h2c\"").containsOnlyOnce("\"protocol\"");
        assertThat(Manifests.json().readValue(json, RoutingTable.class)).isEqualTo(table);
    }

    @Test
    void everyRouteOfAnAppCarriesItsHttpsPolicyButNotItsCanaryHost() throws Exception {
        List<Instance> instances = List.of(instance("a", 1, 9001, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("b", 2, 9002, InstanceState.RUNNING, Health.HEALTHY, true));
        List<Route> routes = List.of(Route.parse("hello", "hello", Route.Source.MANIFEST, Route.DEFAULT_DOMAIN),
                Route.parse("www.hello.test", "hello", Route.Source.MANIFEST, Route.DEFAULT_DOMAIN),
                Route.parse("other", "other", Route.Source.MANIFEST, Route.DEFAULT_DOMAIN));
        HttpsPolicy https = new HttpsPolicy(true, 600L, null, null);

        RoutingTable table = RouteTableComposer.compose(1, routes, Map.of("hello", instances),
                Map.of("hello", new RoutingPolicy(Map.of(1, 90, 2, 10), 2, false)), Map.of(),
                Map.of("hello", https, "other", new HttpsPolicy(false, 0L, false, false)));

        assertThat(table.routes()).extracting(RouteEntry::host, RouteEntry::https).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("hello.localhost", https),
                org.assertj.core.groups.Tuple.tuple("www.hello.test", https),
                org.assertj.core.groups.Tuple.tuple(RouteTableComposer.canaryHost("hello"), null),
                org.assertj.core.groups.Tuple.tuple("other.localhost", null)); // a policy that does nothing is not sent
        assertThat(Manifests.json().readValue(Manifests.toJson(table), RoutingTable.class)).isEqualTo(table);
    }

    @Test
    void keepsARouteWhoseAppHasNoInstances() {
        Route route = Route.parse("api.example.com/v1", "api", Route.Source.API, Route.DEFAULT_DOMAIN);

        RoutingTable table = RouteTableComposer.compose(1, List.of(route), Map.of(), Map.of(), Map.of(), Map.of());

        assertThat(table.routes()).singleElement().satisfies(e -> {
            assertThat(e.host()).isEqualTo("api.example.com");
            assertThat(e.pathPrefix()).isEqualTo("/v1");
            assertThat(e.revisions()).isEmpty();
        });
    }

    @Test
    void givesTheWeightsADeploymentSetsWhateverTheInstanceCounts() {
        List<Instance> instances = List.of(
                instance("a", 1, 9001, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("b", 1, 9002, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("c", 1, 9003, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("d", 2, 9004, InstanceState.RUNNING, Health.HEALTHY, true),
                instance("e", 3, 9005, InstanceState.RUNNING, Health.HEALTHY, true));
        Route route = Route.parse("hello", "hello", Route.Source.MANIFEST, Route.DEFAULT_DOMAIN);

        List<RouteEntry> routes = RouteTableComposer.compose(1, List.of(route), Map.of("hello", instances),
                Map.of("hello", new RoutingPolicy(Map.of(1, 95, 2, 5), 2, true)), Map.of(), Map.of()).routes();
        RouteEntry entry = routes.get(0);

        assertThat(entry.revisions()).extracting(RevisionBackends::revision, RevisionBackends::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 95), org.assertj.core.groups.Tuple.tuple(2, 5),
                        org.assertj.core.groups.Tuple.tuple(3, 0));
        assertThat(entry.revisions()).extracting(RevisionBackends::canary).containsExactly(false, true, false);
        assertThat(entry.sticky()).isTrue();
        assertThat(routes.get(1).host()).isEqualTo("hello--canary.localhost");
        assertThat(routes.get(1).revisions()).singleElement().satisfies(r -> {
            assertThat(r.revision()).isEqualTo(2);
            assertThat(r.weight()).isEqualTo(100);
            assertThat(r.endpoints()).extracting(Endpoint::instanceId).containsExactly("d");
        });
    }

    @Test
    void aRouteInMaintenanceCarriesItAndARecreateGapGetsTheAutomaticOne() {
        Route api = Route.parse("api", "hello", Route.Source.API, Route.DEFAULT_DOMAIN);
        Route www = Route.parse("www", "hello", Route.Source.MANIFEST, Route.DEFAULT_DOMAIN);
        Maintenance down = new Maintenance(503, "back at noon", 300, null, Map.of(), null, null, false);
        Map<RouteKey, Maintenance> maintenance = Map.of(new RouteKey("api.localhost", "/"), down);

        List<RouteEntry> plain = RouteTableComposer.entries("hello", List.of(api, www), List.of(), null, maintenance, null);
        assertThat(plain).extracting(RouteEntry::maintenance).containsExactly(down, null);

        RoutingPolicy recreating = new RoutingPolicy(null, null, false, 0, true, false);
        List<RouteEntry> gap = RouteTableComposer.entries("hello", List.of(api, www), List.of(), recreating, maintenance, null);
        assertThat(gap.get(0).maintenance()).as("an operator's maintenance wins").isEqualTo(down);
        assertThat(gap.get(1).maintenance().automatic()).isTrue();
        assertThat(gap.get(1).maintenance().retryAfterSeconds()).isEqualTo(5);

        List<RouteEntry> serving = RouteTableComposer.entries("hello", List.of(www),
                List.of(instance("a", 2, 9001, InstanceState.RUNNING, Health.HEALTHY, true)), recreating, Map.of(), null);
        assertThat(serving.get(0).maintenance()).as("new instances serve: the gap is over").isNull();
    }
}
