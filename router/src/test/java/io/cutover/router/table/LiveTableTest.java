package io.cutover.router.table;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.routing.Endpoint;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import java.util.List;
import io.cutover.router.eject.EjectionPolicy;
import org.junit.jupiter.api.Test;

class LiveTableTest {

    private static final long NOW = SECONDS.toNanos(1_000);
    private static final EjectionPolicy EJECT_AT_ONCE = new EjectionPolicy(1, SECONDS.toNanos(2), SECONDS.toNanos(30));

    private final LiveTable live = new LiveTable();

    private static RoutingTable helloOn(long generation, Endpoint... endpoints) {
        return table(generation, route("hello.localhost", "hello", revision(1, 100, endpoints)));
    }

    private Backend backend(String id) {
        return live.backend(id);
    }

    @Test
    void servesTheEmptyTableOfGenerationZeroAtFirst() {
        assertThat(live.generation()).isZero();
        assertThat(live.current().find("hello.localhost", "/")).isNull();
        assertThat(live.inFlight()).isEmpty();
    }

    @Test
    void rejectsAnOlderGenerationAndKeepsServingTheCurrentOne() {
        live.apply(helloOn(5, endpoint("a", 9001)));

        assertThatThrownBy(() -> live.apply(helloOn(4, endpoint("b", 9002))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generation: 4 (expected: >= 5, the generation served)");
        assertThat(live.generation()).isEqualTo(5);
        assertThat(live.inFlight()).containsOnlyKeys("a");
    }

    @Test
    void rejectsATableOfAnOlderTermOfTheSameStoreAndKeepsServingTheCurrentOne() {
        live.apply(helloOn(5, endpoint("a", 9001)).stamped(4, "s"));

        assertThatThrownBy(() -> live.apply(helloOn(9, endpoint("b", 9002)).stamped(3, "s")))
                .isInstanceOf(StaleTermException.class)
                .hasMessageStartingWith("term: 3 is older than term 4 this router follows");
        assertThatThrownBy(() -> live.apply(new RoutingDelta(5, 6, 3, List.of(), List.of())))
                .isInstanceOf(StaleTermException.class);
        assertThat(live.generation()).isEqualTo(5);
        assertThat(live.term()).isEqualTo(4);
        assertThat(live.inFlight()).containsOnlyKeys("a");
    }

    @Test
    void takesATableOfAnotherStoreEvenOfAnOlderGenerationAndTerm() {
        live.apply(helloOn(104, endpoint("a", 9001)).stamped(9, "old"));

        live.apply(helloOn(3, endpoint("b", 9002)).stamped(1, "new"));

        assertThat(live.generation()).isEqualTo(3);
        assertThat(live.store()).isEqualTo("new");
        assertThat(live.table()).isEqualTo(helloOn(3, endpoint("b", 9002)).stamped(1, "new"));
        live.apply(new RoutingDelta(3, 4, 2, List.of(), List.of()));
        assertThat(live.table().term()).isEqualTo(2);
        assertThat(live.table().store()).isEqualTo("new");
    }

    @Test
    void acceptsTheSameGenerationAgain() {
        live.apply(helloOn(5, endpoint("a", 9001)));
        live.apply(helloOn(5, endpoint("a", 9001)));

        assertThat(live.generation()).isEqualTo(5);
    }

    @Test
    void keepsTheBackendOfAnInstanceThatStaysSoItsCountCarriesOver() {
        live.apply(helloOn(1, endpoint("a", 9001)));
        Backend a = backend("a");
        a.acquire();

        live.apply(helloOn(2, endpoint("a", 9001), endpoint("b", 9002)));

        assertThat(backend("a")).isSameAs(a);
        assertThat(live.inFlight()).containsEntry("a", 1).containsEntry("b", 0);
    }

    @Test
    void countsARemovedInstanceUntilItsLastRequestFinished() {
        live.apply(helloOn(1, endpoint("a", 9001), endpoint("b", 9002)));
        Backend a = backend("a");
        a.acquire();
        a.acquire();

        live.apply(helloOn(2, endpoint("b", 9002)));

        assertThat(a.retired()).isTrue();
        assertThat(live.inFlight()).containsEntry("a", 2).containsEntry("b", 0);
        a.release();
        assertThat(live.inFlight()).containsEntry("a", 1);
        a.release();
        assertThat(live.inFlight()).containsOnlyKeys("b");
    }

    @Test
    void countsALateRequestOnAnInstanceRemovedWhileIdle() {
        live.apply(helloOn(1, endpoint("a", 9001)));
        Backend a = backend("a");
        live.apply(helloOn(2, endpoint("b", 9002)));
        assertThat(live.inFlight()).containsOnlyKeys("b");

        // A request that read the old table just before the swap.
        a.acquire();

        assertThat(live.inFlight()).containsEntry("a", 1);
        a.release();
        assertThat(live.inFlight()).containsOnlyKeys("b");
    }

    @Test
    void bringsBackARemovedInstanceWithItsCount() {
        live.apply(helloOn(1, endpoint("a", 9001)));
        Backend a = backend("a");
        a.acquire();
        live.apply(helloOn(2, endpoint("b", 9002)));

        live.apply(helloOn(3, endpoint("a", 9001)));

        assertThat(backend("a")).isSameAs(a);
        assertThat(a.retired()).isFalse();
        assertThat(live.inFlight()).containsOnly(org.assertj.core.api.Assertions.entry("a", 1));
    }

    @Test
    void treatsANewAddressForTheSameInstanceAsANewBackend() {
        live.apply(helloOn(1, endpoint("a", 9001)));
        Backend old = backend("a");
        old.acquire();

        live.apply(helloOn(2, endpoint("a", 9009)));

        assertThat(backend("a")).isNotSameAs(old);
        assertThat(live.inFlight()).containsEntry("a", 1);
    }

    @Test
    void rejectsTwoRoutesForTheSameHostAndPrefix() {
        RoutingTable twice = table(1,
                route("hello.localhost", "hello", revision(1, 100, endpoint("a", 9001))),
                route("hello.localhost", "other", revision(1, 100, endpoint("b", 9002))));

        assertThatThrownBy(() -> live.apply(twice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host hello.localhost with path prefix / appears twice");
        assertThat(live.generation()).isZero();
    }

    @Test
    void rejectsOneInstanceWithTwoAddresses() {
        RoutingTable conflicting = table(1,
                route("hello.localhost", "hello", revision(1, 100, endpoint("a", 9001))),
                route("other.localhost", "other", revision(1, 100, endpoint("a", 9002))));

        assertThatThrownBy(() -> live.apply(conflicting))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("instance a: address 127.0.0.1:9002");
    }

    @Test
    void rejectsAWildcardAnywhereButTheFirstLabel() {
        RoutingTable bad = table(1, route("a.*.example.com", "hello", revision(1, 100, endpoint("a", 9001))));

        assertThatThrownBy(() -> live.apply(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("routes: host \"a.*.example.com\" (expected: a hostname, or *.suffix for a wildcard)");
    }

    @Test
    void keepsTheEjectionOfAnInstanceThatStays() {
        live.apply(helloOn(1, endpoint("a", 9001), endpoint("b", 9002)));
        assertThat(backend("a").ejection().failed(NOW, EJECT_AT_ONCE)).isTrue();

        live.apply(helloOn(2, endpoint("a", 9001), endpoint("b", 9002), endpoint("c", 9003)));

        assertThat(live.ejected(NOW)).containsExactly("a");
        assertThat(live.ejected(NOW + SECONDS.toNanos(2))).isEmpty();
    }

    @Test
    void listsOnlyInstancesOfTheServedTableAsEjected() {
        live.apply(helloOn(1, endpoint("a", 9001), endpoint("b", 9002)));
        backend("a").ejection().failed(NOW, EJECT_AT_ONCE);

        live.apply(helloOn(2, endpoint("b", 9002)));

        assertThat(live.ejected(NOW)).isEmpty();
    }

    @Test
    void capsEjectionsPerAppRevisionAcrossItsRoutes() {
        // Revision 1 of hello has two instances, listed by two routes: only one of them may be ejected.
        live.apply(table(1,
                route("hello.localhost", "hello", revision(1, 100, endpoint("a", 9001))),
                route("hi.localhost", "hello", revision(1, 100, endpoint("b", 9002))),
                route("other.localhost", "other", revision(1, 100, endpoint("c", 9003), endpoint("d", 9004)))));

        assertThat(backend("a").ejection().failed(NOW, EJECT_AT_ONCE)).isTrue();
        assertThat(backend("b").ejection().failed(NOW, EJECT_AT_ONCE)).isFalse();
        assertThat(backend("c").ejection().failed(NOW, EJECT_AT_ONCE)).isTrue();
        assertThat(live.ejected(NOW)).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void neverEjectsTheLoneInstanceOfARevision() {
        live.apply(table(1, route("hello.localhost", "hello",
                revision(1, 50, endpoint("a", 9001)), revision(2, 50, endpoint("b", 9002)))));

        assertThat(backend("a").ejection().failed(NOW, EJECT_AT_ONCE)).isFalse();
        assertThat(live.ejected(NOW)).isEmpty();
    }
}
