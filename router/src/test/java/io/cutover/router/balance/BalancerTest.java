package io.cutover.router.balance;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cutover.core.routing.RevisionBackends;
import io.cutover.router.eject.EjectionPolicy;
import io.cutover.router.table.Backend;
import io.cutover.router.table.LiveTable;
import io.cutover.router.table.Route;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BalancerTest {

    private static final Backend[] NONE = new Backend[3];
    private static final long NOW = SECONDS.toNanos(1_000);
    private static final EjectionPolicy EJECT_AT_ONCE = new EjectionPolicy(1, SECONDS.toNanos(2), SECONDS.toNanos(30));

    private static Route helloRoute(RevisionBackends... revisions) {
        LiveTable live = new LiveTable();
        live.apply(table(1, route("hello.localhost", "hello", revisions)));
        return live.current().find("hello.localhost", "/");
    }

    private static void eject(Backend backend) {
        assertThat(backend.ejection().failed(NOW, EJECT_AT_ONCE)).isTrue();
    }

    @Test
    void splitsTrafficBetweenRevisionsByWeight() {
        Route route = helloRoute(revision(1, 80, endpoint("old", 9001)), revision(2, 20, endpoint("new", 9002)));
        Map<String, Integer> counts = new HashMap<>();

        for (int i = 0; i < 20_000; i++) {
            counts.merge(Balancer.choose(route, -1, NONE, 0, NOW).instanceId(), 1, Integer::sum);
        }

        assertThat(counts.get("new") / 20_000.0).isCloseTo(0.20, within(0.02));
    }

    @Test
    void givesNothingToARevisionOfWeightZero() {
        Route route = helloRoute(revision(1, 0, endpoint("old", 9001)), revision(2, 5, endpoint("new", 9002)));

        for (int i = 0; i < 1000; i++) {
            assertThat(Balancer.choose(route, -1, NONE, 0, NOW).instanceId()).isEqualTo("new");
        }
    }

    @Test
    void picksTheLessLoadedOfTwoInstances() {
        Route route = helloRoute(revision(1, 100, endpoint("busy", 9001), endpoint("idle", 9002)));
        Backend busy = route.endpoint(0, 0);
        busy.acquire();

        for (int i = 0; i < 100; i++) {
            assertThat(Balancer.choose(route, -1, NONE, 0, NOW).instanceId()).isEqualTo("idle");
        }
    }

    @Test
    void neverPicksTheMostLoadedOfThree() {
        Route route = helloRoute(revision(1, 100, endpoint("a", 9001), endpoint("b", 9002), endpoint("c", 9003)));
        Backend c = route.endpoint(0, 2);
        c.acquire();
        c.acquire();

        for (int i = 0; i < 300; i++) {
            assertThat(Balancer.choose(route, -1, NONE, 0, NOW).instanceId()).isNotEqualTo("c");
        }
    }

    @Test
    void skipsInstancesAlreadyTriedThenOtherRevisions() {
        Route route = helloRoute(
                revision(1, 100, endpoint("a", 9001), endpoint("b", 9002)),
                revision(2, 1, endpoint("c", 9003)));
        Backend[] tried = new Backend[3];
        tried[0] = route.endpoint(0, 0);
        tried[1] = route.endpoint(0, 1);

        assertThat(Balancer.choose(route, -1, tried, 2, NOW).instanceId()).isEqualTo("c");
        tried[2] = route.endpoint(1, 0);
        assertThat(Balancer.choose(route, -1, tried, 3, NOW)).isNull();
    }

    @Test
    void givesNothingToAnEjectedInstanceUntilItsTimeIsUp() {
        Route route = helloRoute(revision(1, 100, endpoint("a", 9001), endpoint("b", 9002), endpoint("c", 9003)));
        eject(route.endpoint(0, 0));

        for (int i = 0; i < 300; i++) {
            assertThat(Balancer.choose(route, -1, NONE, 0, NOW).instanceId()).isNotEqualTo("a");
        }
        Set<String> chosenLater = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            chosenLater.add(Balancer.choose(route, -1, NONE, 0, NOW + SECONDS.toNanos(2)).instanceId());
        }
        assertThat(chosenLater).contains("a");
    }

    @Test
    void retriesOnAnotherRevisionInServiceBeforeAnEjectedInstance() {
        Route route = helloRoute(
                revision(1, 100, endpoint("a", 9001), endpoint("b", 9002)),
                revision(2, 1, endpoint("c", 9003)));
        eject(route.endpoint(0, 0));
        Backend[] tried = new Backend[3];
        tried[0] = route.endpoint(0, 1);

        assertThat(Balancer.choose(route, -1, tried, 1, NOW).instanceId()).isEqualTo("c");
        tried[1] = route.endpoint(1, 0);
        assertThat(Balancer.choose(route, -1, tried, 2, NOW).instanceId()).isEqualTo("a");
        tried[2] = route.endpoint(0, 0);
        assertThat(Balancer.choose(route, -1, tried, 3, NOW)).isNull();
    }

    @Test
    void sendsToAnEjectedInstanceWhenNoOtherIsLeft() {
        LiveTable live = new LiveTable();
        live.apply(table(1, route("hello.localhost", "hello",
                revision(1, 100, endpoint("a", 9001), endpoint("b", 9002)))));
        eject(live.current().find("hello.localhost", "/").endpoint(0, 0));
        // The revision shrank to its ejected instance.
        live.apply(table(2, route("hello.localhost", "hello", revision(1, 100, endpoint("a", 9001)))));
        Route route = live.current().find("hello.localhost", "/");

        assertThat(route.endpoint(0, 0).ejection().ejected(NOW)).isTrue();
        assertThat(Balancer.choose(route, -1, NONE, 0, NOW).instanceId()).isEqualTo("a");
    }
}
