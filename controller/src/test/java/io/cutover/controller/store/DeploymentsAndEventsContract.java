package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.StrategySpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract for deployments and the event log. */
interface DeploymentsAndEventsContract extends StoreUnderTest {

    // ---- deployments ----

    @Test
    default void deploymentsGetGrowingIdsAndAreListedNewestFirst() {
        Deployment web1 = tx(tx -> tx.insertDeployment("web", StrategySpec.Type.ROLLING, 0, 1, 0, T0));
        Deployment api1 = tx(tx -> tx.insertDeployment("api", StrategySpec.Type.ROLLING, 0, 1, 0, T0));
        Deployment web2 = tx(tx -> tx.insertDeployment("web", StrategySpec.Type.ROLLING, 1, 2, 1, T0.plusSeconds(1)));

        assertThat(List.of(web1.id(), api1.id(), web2.id())).isSorted().doesNotHaveDuplicates();
        assertThat(web2).isEqualTo(Deployment.start(web2.id(), "web", StrategySpec.Type.ROLLING, 1, 2, 1, T0.plusSeconds(1)));
        assertThat(store().deployment(web2.id())).contains(web2);
        assertThat(store().deployment(web2.id() + 100)).isEmpty();
        assertThat(store().deployments(null, false)).containsExactly(web2, api1, web1);
        assertThat(store().deployments("web", false)).containsExactly(web2, web1);
        assertThat(store().deployments(null, false, 2)).as("the newest two").containsExactly(web2, api1);
        assertThat(store().deployments("web", false, 1)).containsExactly(web2);

        Deployment done = web1.moveTo(Deployment.Reason.SUPERSEDED, "superseded", T0.plusSeconds(1));
        write(tx -> tx.putDeployment(done));

        assertThat(store().deployment(web1.id())).contains(done);
        assertThat(store().deployments("web", true)).containsExactly(web2);
        assertThat(store().deployments(null, true)).containsExactly(web2, api1);
        assertThat(store().activeDeployment("web")).contains(web2);
        assertThat(find(tx -> tx.activeDeployment("api"))).contains(api1);
    }

    @Test
    default void anAppWithoutAnActiveDeploymentHasNone() {
        Deployment d = tx(tx -> tx.insertDeployment("web", StrategySpec.Type.ROLLING, 0, 1, 0, T0));
        write(tx -> tx.putDeployment(d.moveTo(Deployment.Reason.DEPLOYED, "deployed", T0.plusSeconds(3))));

        assertThat(store().activeDeployment("web")).isEmpty();
        assertThat(find(tx -> tx.activeDeployment("web"))).isEmpty();
        assertThat(store().deployment(d.id()).orElseThrow().finishedAt()).isEqualTo(T0.plusSeconds(3));
    }

    @Test
    default void canaryAndBlueGreenDeploymentsKeepTheirState() {
        Deployment canary = tx(tx -> tx.insertDeployment("web", StrategySpec.Type.CANARY, 1, 2, 3, T0));
        Deployment blueGreen = tx(tx -> tx.insertDeployment("api", StrategySpec.Type.BLUE_GREEN, 1, 2, 3, T0));

        assertThat(canary.canary()).isNotNull();
        assertThat(blueGreen.blueGreen()).isNotNull();
        assertThat(store().deployment(canary.id())).contains(canary);
        assertThat(store().deployment(blueGreen.id())).contains(blueGreen);
    }

    @Test
    default void replacingADeploymentIsACompareAndSet() {
        Deployment seen = tx(tx -> tx.insertDeployment("web", StrategySpec.Type.ROLLING, 1, 2, 2, T0));
        Deployment canceled = seen.moveTo(Deployment.Reason.CANCELING, "cancel asked", T0.plusSeconds(1));
        Deployment progressed = seen.launchFailed(T0.plusSeconds(2));

        assertThat(replaced(seen, canceled)).isTrue();
        assertThat(store().deployment(seen.id())).contains(canceled);

        // a pass that read the deployment before the cancel writes nothing
        assertThat(replaced(seen, progressed)).isFalse();
        assertThat(store().deployment(seen.id())).contains(canceled);

        Deployment unknown = Deployment.start(seen.id() + 100, "web", StrategySpec.Type.ROLLING, 1, 2, 2, T0);
        assertThat(replaced(unknown, unknown.launchFailed(T0))).isFalse();
        assertThat(store().deployment(unknown.id())).isEmpty();
    }

    // ---- events ----

    @Test
    default void eventsGetGrowingIdsAndAreReadAfterAnIdWithALimitAndAnApp() {
        assertThat(store().lastEventId()).isZero();
        List<StoredEvent> appended = tx(tx -> List.of(
                tx.appendEvent(T0, "app_created", "web", "{\"n\":1}"),
                tx.appendEvent(T0.plusSeconds(1), "app_created", "api", "{\"n\":2}"),
                tx.appendEvent(T0.plusSeconds(2), "router_joined", null, "{\"n\":3}")));
        StoredEvent fourth = tx(tx -> tx.appendEvent(T0.plusSeconds(3), "instance_started", "web", "{\"n\":4}"));
        List<StoredEvent> all = new ArrayList<>(appended);
        all.add(fourth);

        assertThat(all).extracting(StoredEvent::id).isSorted().doesNotHaveDuplicates();
        assertThat(all.getFirst().id()).isPositive();
        assertThat(store().lastEventId()).isEqualTo(fourth.id());
        assertThat(store().events(0, 100, null)).isEqualTo(all);
        assertThat(store().events(all.get(1).id(), 100, null)).isEqualTo(all.subList(2, 4));
        assertThat(store().events(0, 2, null)).isEqualTo(all.subList(0, 2));
        assertThat(store().events(0, 100, "web")).containsExactly(all.get(0), fourth);
        assertThat(store().events(all.get(0).id(), 100, "web")).containsExactly(fourth);
        assertThat(store().events(fourth.id(), 100, null)).isEmpty();
    }
}
