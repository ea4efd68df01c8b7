package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.T0;
import static io.cutover.controller.store.StoreFixtures.app;
import static io.cutover.controller.store.StoreFixtures.instance;
import static io.cutover.controller.store.StoreFixtures.maintenance;
import static io.cutover.controller.store.StoreFixtures.revision;
import static io.cutover.controller.store.StoreFixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Route;
import io.cutover.core.routing.RouteKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} promises, as the engine relies on it: the tests here (transactions, a store
 * opened again) and those of the contracts it implements, one per part of the store. A store
 * implementation's test extends this and says how to open one.
 */
abstract class StoreContract implements AppsContract, InstancesAndRoutesContract, DeploymentsAndEventsContract, TokensContract,
        LeaseContract {

    /**
     * Opens the store under test. Each test starts with an empty store; within a test, every call opens
     * the same stored state, so a store opened after another was closed sees what that one wrote.
     */
    protected abstract Store openStore();

    private Store store;

    @Override
    public Store openAgain() {
        return openStore();
    }

    @Override
    public Store store() {
        return store;
    }

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aTransactionReturnsWhatItsWorkReturnsAndSeesItsOwnWrites() {
        String seen = tx(tx -> {
            tx.putApp(app("web", 1));
            tx.putInstance(instance("web-1-a", "web", T0));
            return tx.app("web").orElseThrow().name() + "/" + tx.instance("web-1-a").orElseThrow().id();
        });

        assertThat(seen).isEqualTo("web/web-1-a");
    }

    @Test
    void aTransactionThatThrowsWritesNothing() {
        write(tx -> tx.putApp(app("api", 1)));
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> write(tx -> {
            tx.putApp(app("web", 1));
            tx.putApp(app("api", 2));
            tx.deleteApp("api");
            tx.putRevision(revision("web", 1));
            tx.putInstance(instance("web-1-a", "web", T0));
            tx.putRoute(route("web.localhost", "/", "web"));
            tx.insertDeployment("web", StrategySpec.Type.ROLLING, 0, 1, 0, T0);
            tx.nextGeneration();
            tx.appendEvent(T0, "app_created", "web", "{}");
            throw boom;
        })).isSameAs(boom);

        assertThat(store.apps()).containsExactly(app("api", 1));
        assertThat(store.revisions("web")).isEmpty();
        assertThat(store.allInstances()).isEmpty();
        assertThat(store.routes()).isEmpty();
        assertThat(store.deployments(null, false)).isEmpty();
        assertThat(store.generation()).isZero();
        assertThat(store.lastEventId()).isZero();
    }

    @Test
    void concurrentTransactionsDoNotLoseWrites() throws Exception {
        write(tx -> tx.putApp(app("web", 0)));
        int threads = 4;
        int each = 25;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = IntStream.range(0, threads).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    write(tx -> {
                        AppRecord app = tx.app("web").orElseThrow();
                        tx.putApp(new AppRecord(app.spec(), app.revision() + 1, false, T0, T0));
                    });
                }
            })).toList();
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(store.app("web").orElseThrow().revision()).isEqualTo(threads * each);
    }

    @Test
    void aStoreOpenedAgainKeepsEverything() {
        Route web = route("web.localhost", "/", "web");
        Instance instance = instance("web-1-a", "web", T0).launchedAs("10.0.0.7", 4100, 77, T0).withState(InstanceState.RUNNING);
        FailedRevision failed = new FailedRevision("web", "hash-1", 1, T0, "crashed");
        Deployment deployment = tx(tx -> {
            tx.putApp(app("web", 2));
            tx.putRevision(revision("web", 1));
            tx.putRevision(revision("web", 2));
            tx.putFailedRevision(failed);
            tx.putInstance(instance);
            tx.putRoute(web);
            tx.putMaintenance(web, maintenance("down"), T0);
            tx.nextGeneration();
            tx.appendEvent(T0, "app_created", "web", "{}");
            return tx.insertDeployment("web", StrategySpec.Type.CANARY, 1, 2, 1, T0);
        });
        List<StoredEvent> events = store.events(0, 100, null);

        store.close();
        store = openStore();

        assertThat(store.apps()).containsExactly(app("web", 2));
        assertThat(store.revisions("web")).containsExactly(revision("web", 1), revision("web", 2));
        assertThat(store.failedRevision("web", "hash-1")).contains(failed);
        assertThat(store.allInstances()).containsExactly(instance);
        assertThat(store.routes()).containsExactly(web);
        assertThat(store.maintenance()).isEqualTo(Map.of(new RouteKey("web.localhost", "/"), maintenance("down")));
        assertThat(store.generation()).isEqualTo(1);
        assertThat(store.events(0, 100, null)).isEqualTo(events);
        assertThat(store.activeDeployment("web")).contains(deployment);
        // the counters go on from where they were
        assertThat(nextGeneration()).isEqualTo(2);
        assertThat(tx(tx -> tx.appendEvent(T0, "x", null, "{}")).id()).isGreaterThan(events.getLast().id());
        assertThat(tx(tx -> tx.insertDeployment("web", StrategySpec.Type.ROLLING, 2, 3, 1, T0)).id()).isGreaterThan(deployment.id());
    }
}