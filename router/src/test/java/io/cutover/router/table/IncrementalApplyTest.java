package io.cutover.router.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.routing.Endpoint;
import io.cutover.core.routing.RevisionBackends;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RouteKey;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link LiveTable} applies a change by compiling only what changed; whatever the sequence of tables, what
 * it serves must be what a table compiled from scratch serves.
 */
class IncrementalApplyTest {

    private static final List<String> HOSTS = List.of("a.test", "b.test", "c.test", "*.w.test", "x.w.test", "*.test");
    private static final List<String> PREFIXES = List.of("/", "/api", "/api/v2/");
    private static final List<String> APPS = List.of("one", "two", "three");
    private static final List<String> PROBES = List.of("a.test", "b.test", "c.test", "x.w.test", "y.w.test", "z.test", "nope.other");
    private static final List<String> PATHS = List.of("/", "/api", "/api/v2/x", "/apix");

    @Property(tries = 200)
    void deltasAndWholeTablesServeWhatACompiledTableServes(@ForAll("tables") List<List<RouteEntry>> tables) {
        LiveTable byDeltas = new LiveTable();
        LiveTable byTables = new LiveTable();
        long generation = 0;
        for (List<RouteEntry> routes : tables) {
            generation++;
            RoutingTable next = new RoutingTable(generation, routes);
            byDeltas.apply(RoutingDelta.between(byDeltas.table(), next));
            byTables.apply(next);
            LiveTable fresh = new LiveTable();
            fresh.apply(next);

            assertSameService(byDeltas, fresh);
            assertSameService(byTables, fresh);
            assertThat(new HashSet<>(byDeltas.table().routes())).isEqualTo(new HashSet<>(routes));
            assertThat(byDeltas.generation()).isEqualTo(generation);
        }
    }

    private static void assertSameService(LiveTable actual, LiveTable expected) {
        for (String host : PROBES) {
            for (String path : PATHS) {
                assertThat(describe(actual.current().find(host, path)))
                        .as("%s%s", host, path).isEqualTo(describe(expected.current().find(host, path)));
            }
        }
        assertThat(actual.inFlight().keySet()).isEqualTo(expected.inFlight().keySet());
        assertThat(actual.recorders().snapshot().keySet()).containsAll(expected.recorders().snapshot().keySet());
    }

    /** What a route serves: app, prefix, and per revision its weight and instances. */
    private static String describe(Route route) {
        if (route == null) {
            return "none";
        }
        StringBuilder out = new StringBuilder(route.app() + " " + route.pathPrefix() + " w" + route.totalWeight());
        for (int r = 0; r < route.revisionCount(); r++) {
            out.append(" [");
            for (int i = 0; i < route.endpointCount(r); i++) {
                Backend b = route.endpoint(r, i);
                out.append(b.instanceId()).append('@').append(b.address().getPort()).append(' ').append(b.recorder()).append(';');
            }
            out.append(']');
        }
        return out.toString();
    }

    @Provide
    Arbitrary<List<List<RouteEntry>>> tables() {
        return table().list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<List<RouteEntry>> table() {
        Arbitrary<RouteEntry> route = Combinators.combine(
                Arbitraries.of(HOSTS), Arbitraries.of(PREFIXES), Arbitraries.of(APPS), revisions().list().ofMaxSize(3))
                .as((host, prefix, app, revisions) -> new RouteEntry(host, prefix, app, numbered(app, revisions)));
        return route.list().ofMaxSize(10).map(IncrementalApplyTest::oneRoutePerKey);
    }

    private static Arbitrary<List<Integer>> revisions() {
        return Arbitraries.integers().between(0, 7).list().ofMaxSize(4); // weight seed, then instance numbers
    }

    /** Revision k of an app gets weight and instances from its seed list; an instance's port follows from its id. */
    private static List<RevisionBackends> numbered(String app, List<List<Integer>> seeds) {
        List<RevisionBackends> revisions = new ArrayList<>();
        for (int k = 0; k < seeds.size(); k++) {
            List<Integer> seed = seeds.get(k);
            int weight = seed.isEmpty() ? 0 : seed.get(0) * 100 / 7;
            Set<Endpoint> endpoints = new java.util.LinkedHashSet<>();
            for (int i = 1; i < seed.size(); i++) {
                String id = app + "-" + (k + 1) + "-" + seed.get(i);
                endpoints.add(new Endpoint(id, "127.0.0.1", 20_000 + Math.floorMod(id.hashCode(), 10_000)));
            }
            revisions.add(new RevisionBackends(k + 1, weight, List.copyOf(endpoints)));
        }
        return revisions;
    }

    private static List<RouteEntry> oneRoutePerKey(List<RouteEntry> routes) {
        Map<RouteKey, RouteEntry> byKey = new LinkedHashMap<>();
        routes.forEach(r -> byKey.putIfAbsent(RouteKey.of(r), r));
        return List.copyOf(byKey.values());
    }
}
