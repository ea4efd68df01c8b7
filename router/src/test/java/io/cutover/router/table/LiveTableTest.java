package io.cutover.router.table;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.routing.Endpoint;
import io.cutover.core.routing.RoutingTable;
import org.junit.jupiter.api.Test;

class LiveTableTest {

    private final LiveTable live = new LiveTable();

    private static RoutingTable helloOn(long generation, Endpoint... endpoints) {
        return table(generation, route("hello.localhost", "hello", revision(1, 100, endpoints)));
    }

    private Backend backend(String id) {
        return live.current().backends().get(id);
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
}
