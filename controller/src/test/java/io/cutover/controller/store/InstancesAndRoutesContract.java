package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.T0;
import static io.cutover.controller.store.StoreFixtures.instance;
import static io.cutover.controller.store.StoreFixtures.maintenance;
import static io.cutover.controller.store.StoreFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.model.AppProtocol;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceIdentity;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store contract for instances, routes, maintenance and the route generation. */
interface InstancesAndRoutesContract extends StoreUnderTest {

    // ---- instances ----

    @Test
    default void instancesAreListedByAppThenLaunchTimeAndDeleted() {
        write(tx -> {
            tx.putInstance(instance("web-1-b", "web", T0.plusSeconds(1)));
            tx.putInstance(instance("web-1-a", "web", T0.plusSeconds(2)));
            tx.putInstance(instance("web-1-c", "web", T0.plusSeconds(1)));
            tx.putInstance(instance("api-1-a", "api", T0.plusSeconds(9)));
        });

        assertThat(store().instances("web")).extracting(Instance::id).containsExactly("web-1-b", "web-1-c", "web-1-a");
        assertThat(store().allInstances()).extracting(Instance::id)
                .containsExactly("api-1-a", "web-1-b", "web-1-c", "web-1-a");
        assertThat(store().instance("web-1-a")).contains(instance("web-1-a", "web", T0.plusSeconds(2)));

        write(tx -> {
            tx.deleteInstance("web-1-c");
            tx.deleteInstance("never-there");
        });

        assertThat(store().instances("web")).extracting(Instance::id).containsExactly("web-1-b", "web-1-a");
        assertThat(store().instance("web-1-c")).isEmpty();
    }

    @Test
    default void anInstanceUpdateRecordsWhereItRunsAndItsLifeButNotItsIdentity() {
        Instance intended = instance("web-1-a", "web", T0);
        write(tx -> tx.putInstance(intended));
        Instance running = intended.launchedAs("10.1.2.3", 8080, 4242, T0.plusMillis(1500)).withState(InstanceState.RUNNING)
                .withHealth(Health.HEALTHY).withReady(true);
        Instance moved = new Instance(running.id(), "other", 5, running.host(), running.port(), running.pid(), running.processStart(),
                running.state(), running.health(), running.ready(), T0.plusSeconds(60), "/elsewhere.log");

        write(tx -> tx.putInstance(moved));

        assertThat(store().instance("web-1-a")).contains(running);
        assertThat(find(tx -> tx.instance("web-1-a"))).contains(running);
    }

    @Test
    default void aPodsUidAndIdentityPortAreKeptAndALocalInstanceHasNone() {
        Instance pod = instance("web-1-p", "web", T0).launchedAs("10.4.0.17", 8080, 0, null,
                new InstanceIdentity(15201, "0b6e2f5c-7d1a-4c8e-9f2b-3a5d7e9c1b4f"));
        Instance local = instance("web-1-l", "web", T0).launchedAs("127.0.0.1", 41000, 77, T0);

        write(tx -> {
            tx.putInstance(pod);
            tx.putInstance(local);
        });

        assertThat(store().instance("web-1-p")).get().extracting(Instance::identity)
                .isEqualTo(new InstanceIdentity(15201, "0b6e2f5c-7d1a-4c8e-9f2b-3a5d7e9c1b4f"));
        assertThat(store().instance("web-1-l")).get().extracting(Instance::identity).isNull();
    }

    @Test
    default void whatAnInstanceSpeaksIsKeptAndHttp1IsTheDefault() {
        Instance plain = instance("web-1-h", "web", T0);
        Instance h2c = new Instance("web-1-g", "web", 1, "127.0.0.1", 41001, 78, T0, InstanceState.RUNNING, Health.HEALTHY, true,
                T0, "/g.log", null, AppProtocol.H2C);

        write(tx -> {
            tx.putInstance(plain);
            tx.putInstance(h2c);
        });

        assertThat(store().instance("web-1-g")).get().extracting(Instance::protocol).isEqualTo(AppProtocol.H2C);
        assertThat(store().instance("web-1-h")).get().extracting(Instance::protocol).isEqualTo(AppProtocol.HTTP1);
        assertThat(store().instance("web-1-g").orElseThrow().launchedAs("127.0.0.1", 41002, 79, T0).protocol())
                .as("a relaunch keeps it").isEqualTo(AppProtocol.H2C);
    }

    // ---- routes and maintenance ----

    @Test
    default void routesAreListedByHostThenPathAndAHostAndPathHasOneRoute() {
        write(tx -> {
            tx.putRoute(route("web.localhost", "/v2", "web"));
            tx.putRoute(route("api.localhost", "/", "api"));
            tx.putRoute(route("web.localhost", "/", "web"));
        });

        List<Route> all = List.of(route("api.localhost", "/", "api"), route("web.localhost", "/", "web"),
                route("web.localhost", "/v2", "web"));
        assertThat(store().routes()).isEqualTo(all);
        assertThat(list(Store.Tx::routes)).isEqualTo(all);
        assertThat(store().routes("web")).containsExactly(route("web.localhost", "/", "web"), route("web.localhost", "/v2", "web"));
        assertThat(list(tx -> tx.routes("api"))).containsExactly(route("api.localhost", "/", "api"));
        assertThat(find(tx -> tx.route("web.localhost", "/v2"))).contains(route("web.localhost", "/v2", "web"));
        assertThat(find(tx -> tx.route("web.localhost", "/v3"))).isEmpty();
        assertThatThrownBy(() -> write(tx -> tx.putRoute(route("web.localhost", "/v2", "api"))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store().routes("api")).hasSize(1);
    }

    @Test
    default void routesAreSortedByCodePointWhateverTheDatabasesLanguage() {
        write(tx -> {
            for (String path : List.of("/b", "/B", "/a", "/_x")) {
                tx.putRoute(route("web.localhost", path, "web"));
            }
        });

        assertThat(store().routes("web")).extracting(Route::pathPrefix).containsExactly("/B", "/_x", "/a", "/b");
        assertThat(list(Store.Tx::routes)).extracting(Route::pathPrefix).containsExactly("/B", "/_x", "/a", "/b");
    }

    @Test
    default void maintenanceIsPutReplacedListedAndTakenOut() {
        Route web = route("web.localhost", "/", "web");
        Route api = route("api.localhost", "/", "api");
        write(tx -> {
            tx.putRoute(web);
            tx.putRoute(api);
            tx.putMaintenance(web, maintenance("first"), T0);
            tx.putMaintenance(api, Maintenance.recreating("api"), T0);
        });
        write(tx -> tx.putMaintenance(web, maintenance("second"), T0.plusSeconds(1)));

        assertThat(find(tx -> tx.maintenance(web))).contains(maintenance("second"));
        assertThat(store().maintenance()).isEqualTo(Map.of(new RouteKey("web.localhost", "/"), maintenance("second"),
                new RouteKey("api.localhost", "/"), Maintenance.recreating("api")));
        assertThat(store().maintenance("api")).isEqualTo(Map.of(new RouteKey("api.localhost", "/"), Maintenance.recreating("api")));

        write(tx -> tx.putMaintenance(web, null, T0.plusSeconds(2)));

        assertThat(find(tx -> tx.maintenance(web))).isEmpty();
        assertThat(store().maintenance("web")).isEmpty();
        assertThat(store().routes("web")).containsExactly(web);
    }

    @Test
    default void deletingARouteTakesItsMaintenanceWithIt() {
        Route web = route("web.localhost", "/", "web");
        write(tx -> {
            tx.putRoute(web);
            tx.putMaintenance(web, maintenance("down"), T0);
        });

        write(tx -> tx.deleteRoute(web));

        assertThat(store().routes()).isEmpty();
        assertThat(store().maintenance()).isEmpty();
    }

    @Test
    default void theRouteGenerationStartsAtZeroAndGrowsByOne() {
        assertThat(store().generation()).isZero();

        assertThat(nextGeneration()).isEqualTo(1);
        assertThat(nextGeneration()).isEqualTo(2);

        assertThat(store().generation()).isEqualTo(2);
    }
}
