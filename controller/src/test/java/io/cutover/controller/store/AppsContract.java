package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.T0;
import static io.cutover.controller.store.StoreFixtures.app;
import static io.cutover.controller.store.StoreFixtures.instance;
import static io.cutover.controller.store.StoreFixtures.maintenance;
import static io.cutover.controller.store.StoreFixtures.revision;
import static io.cutover.controller.store.StoreFixtures.route;
import static io.cutover.controller.store.StoreFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import io.cutover.core.model.Revision;
import io.cutover.core.routing.RouteKey;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The store contract for apps, their revisions and failed revisions. */
interface AppsContract extends StoreUnderTest {

    // ---- apps ----

    @Test
    default void appsArePutReadListedByNameAndDeleted() {
        write(tx -> {
            tx.putApp(app("web", 1));
            tx.putApp(app("api", 2));
        });

        assertThat(store().app("web")).contains(app("web", 1));
        assertThat(find(tx -> tx.app("api"))).contains(app("api", 2));
        assertThat(store().apps()).extracting(AppRecord::name).containsExactly("api", "web");
        assertThat(store().app("nope")).isEmpty();

        write(tx -> tx.deleteApp("web"));

        assertThat(store().app("web")).isEmpty();
        assertThat(store().apps()).containsExactly(app("api", 2));
    }

    @Test
    default void puttingAnAppAgainReplacesItAndKeepsItsCreationTime() {
        write(tx -> tx.putApp(app("web", 1)));
        AppRecord later = new AppRecord(spec("web").withInstances(3), 2, true, T0.plusSeconds(60), T0.plusSeconds(60));

        write(tx -> tx.putApp(later));

        assertThat(store().app("web")).contains(new AppRecord(later.spec(), 2, true, T0, later.updatedAt()));
    }

    @Test
    default void deletingAnAppTakesItsRevisionsFailuresRoutesMaintenanceAndDeploymentsButLeavesInstancesAndEvents() {
        write(tx -> {
            for (String name : List.of("web", "api")) {
                tx.putApp(app(name, 1));
                tx.putRevision(revision(name, 1));
                tx.putFailedRevision(new FailedRevision(name, "hash-1", 1, T0, "crashed"));
                tx.putRoute(route(name + ".localhost", "/", name));
                tx.putMaintenance(route(name + ".localhost", "/", name), maintenance("down"), T0);
                tx.insertDeployment(name, StrategySpec.Type.ROLLING, 0, 1, 0, T0);
                tx.putInstance(instance(name + "-1-a", name, T0));
                tx.appendEvent(T0, "app_created", name, "{}");
            }
        });

        write(tx -> tx.deleteApp("web"));

        assertThat(store().revisions("web")).isEmpty();
        assertThat(store().failedRevision("web", "hash-1")).isEmpty();
        assertThat(store().routes("web")).isEmpty();
        assertThat(store().maintenance()).containsOnlyKeys(new RouteKey("api.localhost", "/"));
        assertThat(store().deployments("web", false)).isEmpty();
        assertThat(store().instances("web")).extracting(Instance::id).containsExactly("web-1-a");
        assertThat(store().events(0, 10, "web")).hasSize(1);
        // the other app is untouched
        assertThat(store().revisions("api")).hasSize(1);
        assertThat(store().failedRevision("api", "hash-1")).isPresent();
        assertThat(store().routes("api")).hasSize(1);
        assertThat(store().deployments("api", false)).hasSize(1);
    }

    // ---- revisions ----

    @Test
    default void revisionsAreKeptPerAppInNumberOrderAndTheLatestIsTheHighest() {
        write(tx -> {
            tx.putRevision(revision("web", 2));
            tx.putRevision(revision("web", 1));
            tx.putRevision(revision("web", 3));
            tx.putRevision(revision("api", 7));
        });

        assertThat(store().revisions("web")).containsExactly(revision("web", 1), revision("web", 2), revision("web", 3));
        assertThat(store().revision("web", 2)).contains(revision("web", 2));
        assertThat(store().revision("web", 7)).isEmpty();
        assertThat(find(tx -> tx.revision("api", 7))).contains(revision("api", 7));
        assertThat(find(tx -> tx.latestRevision("web"))).contains(revision("web", 3));
        assertThat(find(tx -> tx.latestRevision("none"))).isEmpty();
    }

    @Test
    default void aRevisionNumberIsWrittenOnce() {
        write(tx -> tx.putRevision(revision("web", 1)));

        assertThatThrownBy(() -> write(tx -> tx.putRevision(revision("web", 1)))).isInstanceOf(RuntimeException.class);
        assertThat(store().revisions("web")).containsExactly(revision("web", 1));
    }

    @Test
    default void pruningKeepsTheNewestRevisionsAndThoseInUse() {
        write(tx -> IntStream.rangeClosed(1, 6).forEach(n -> tx.putRevision(revision("web", n))));
        write(tx -> tx.putRevision(revision("api", 1)));

        List<Integer> deleted = tx(tx -> tx.pruneRevisions("web", 2, Set.of(1, 3)));

        assertThat(deleted).containsExactly(4, 2);
        assertThat(store().revisions("web")).extracting(Revision::number).containsExactly(1, 3, 5, 6);
        assertThat(store().revisions("api")).hasSize(1);
        assertThat(list(tx -> tx.pruneRevisions("web", 10, Set.of()))).isEmpty();
    }

    @Test
    default void aFailedRevisionIsRememberedReplacedAndCleared() {
        FailedRevision first = new FailedRevision("web", "abc", 4, T0, "crashed");
        FailedRevision again = new FailedRevision("web", "abc", 9, T0.plusSeconds(5), "deadline");
        write(tx -> tx.putFailedRevision(first));
        assertThat(store().failedRevision("web", "abc")).contains(first);

        write(tx -> tx.putFailedRevision(again));
        assertThat(find(tx -> tx.failedRevision("web", "abc"))).contains(again);
        assertThat(store().failedRevision("web", "other")).isEmpty();

        write(tx -> tx.clearFailedRevision("web", "abc"));
        assertThat(store().failedRevision("web", "abc")).isEmpty();
    }
}
