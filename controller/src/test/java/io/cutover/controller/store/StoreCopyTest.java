package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.T0;
import static io.cutover.controller.store.StoreFixtures.app;
import static io.cutover.controller.store.StoreFixtures.instance;
import static io.cutover.controller.store.StoreFixtures.maintenance;
import static io.cutover.controller.store.StoreFixtures.revision;
import static io.cutover.controller.store.StoreFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.controller.testing.TestPostgres;
import io.cutover.core.auth.Role;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover store migrate}'s copy, from a SQLite store into a real PostgreSQL one. */
class StoreCopyTest {

    @RegisterExtension
    final TestPostgres postgres = TestPostgres.perTest();

    @TempDir
    Path dataDir;

    @Test
    void copiesEverythingASingleMachineInstallHoldsAndTheIdsGoOnFromThere() {
        Route web = route("web.localhost", "/", "web");
        Deployment[] deployments = new Deployment[3];
        try (SqliteStore sqlite = SqliteStore.open(dataDir)) {
            sqlite.transaction(tx -> {
                tx.putApp(app("web", 2));
                tx.putApp(new AppRecord(StoreFixtures.spec("leaving"), 1, true, T0, T0.plusSeconds(5)));
                tx.putRevision(revision("web", 1));
                tx.putRevision(revision("web", 2));
                tx.putInstance(instance("web-2-a", "web", T0).launchedAs("10.0.0.7", 4100, 77, T0)
                        .withState(InstanceState.RUNNING).withReady(true));
                tx.putInstance(instance("web-2-b", "web", T0.plusSeconds(1)));
                tx.putRoute(web);
                tx.putRoute(route("api.localhost", "/v2", "web"));
                tx.putMaintenance(web, maintenance("upgrading"), T0);
                deployments[0] = tx.insertDeployment("web", StrategySpec.Type.ROLLING, 0, 1, 0, T0);
                deployments[1] = tx.insertDeployment("web", StrategySpec.Type.CANARY, 1, 2, 1, T0.plusSeconds(2));
                tx.putFailedRevision(new FailedRevision("web", "hash-2", deployments[1].id(), T0.plusSeconds(3), "crash loop"));
                for (int i = 0; i < 7; i++) {
                    tx.nextGeneration();
                }
                for (int i = 0; i < 1200; i++) { // more than one insert batch
                    tx.appendEvent(T0.plusMillis(i), "instance_started", i % 2 == 0 ? "web" : null, "{\"n\": " + i + "}");
                }
                tx.insertToken(new ApiToken("admin", Role.ADMIN, "a1".repeat(32), T0, null, "server"));
                tx.insertToken(new ApiToken("ci", Role.DEPLOYER, "b2".repeat(32), T0, T0.plusSeconds(3600), "admin"));
                return null;
            });
            // the newest deployment goes with its app: its id must not be handed out again
            deployments[2] = sqlite.transaction(tx -> tx.insertDeployment("gone", StrategySpec.Type.ROLLING, 0, 1, 0, T0));
            sqlite.transaction(tx -> {
                tx.deleteApp("gone");
                return null;
            });
        }
        Snapshot before;
        try (SqliteStore sqlite = SqliteStore.open(dataDir)) {
            before = Snapshot.of(sqlite);
        }

        var copied = StoreCopy.copy(new StoreUrl.Sqlite(dataDir), postgres.url());

        assertThat(copied).containsEntry("events", 1200).containsEntry("apps", 2).containsEntry("tokens", 2)
                .containsEntry("deployments", 2).containsEntry("instances", 2).containsEntry("counters", 1);
        try (PostgresStore copy = PostgresStore.open(postgres.url())) {
            assertThat(Snapshot.of(copy)).isEqualTo(before);
            assertThat(before.generation()).isEqualTo(7);
            assertThat(copy.id()).as("the store's identity goes with it: routers keep comparing generations").isEqualTo(before.id());
            assertThat(before.events()).hasSize(1200);
            assertThat(copy.transaction(Store.Tx::nextGeneration)).isEqualTo(8);
            assertThat(copy.transaction(tx -> tx.appendEvent(T0, "x", null, "{}")).id()).isEqualTo(before.lastEventId() + 1);
            assertThat(copy.transaction(tx -> tx.insertDeployment("web", StrategySpec.Type.ROLLING, 2, 3, 2, T0)).id())
                    .isGreaterThan(deployments[2].id());
        }
    }

    @Test
    void refusesATargetThatIsNotEmptyAndWritesNothing() {
        try (SqliteStore sqlite = SqliteStore.open(dataDir)) {
            sqlite.transaction(tx -> {
                tx.putApp(app("web", 1));
                return null;
            });
        }
        try (PostgresStore target = PostgresStore.open(postgres.url())) {
            target.transaction(tx -> tx.appendEvent(T0, "app_created", "api", "{}"));
            target.transaction(Store.Tx::nextGeneration);
        }

        assertThatThrownBy(() -> StoreCopy.copy(new StoreUrl.Sqlite(dataDir), postgres.url()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the PostgreSQL store " + postgres.url() + " is not empty: it holds counters (1), events (1) "
                        + "(expected: a new database; migrate copies into an empty store only)");
        try (PostgresStore target = PostgresStore.open(postgres.url())) {
            assertThat(target.apps()).isEmpty();
        }
    }

    @Test
    void refusesADirectoryWithoutAStoreAndCreatesNone() {
        Path empty = dataDir.resolve("nothing-here");

        assertThatThrownBy(() -> StoreCopy.copy(new StoreUrl.Sqlite(empty), postgres.url()))
                .hasMessage("there is no SQLite store in " + empty + " (no cutover.db)");
        assertThat(empty).doesNotExist();
    }

    /** Everything a store holds, as its reads give it. */
    private record Snapshot(List<AppRecord> apps, List<Revision> revisions, Optional<FailedRevision> failed,
            List<Instance> instances, List<Route> routes, Map<RouteKey, Maintenance> maintenance, long generation,
            List<Deployment> deployments, List<StoredEvent> events, long lastEventId, List<ApiToken> tokens, String id) {

        static Snapshot of(Store store) {
            return new Snapshot(store.apps(), store.revisions("web"), store.failedRevision("web", "hash-2"),
                    store.allInstances(), store.routes(), store.maintenance(), store.generation(),
                    store.deployments(null, false), store.events(0, 10_000, null), store.lastEventId(), store.tokens(),
                    store.id());
        }
    }
}
