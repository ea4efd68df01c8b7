package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.T0;
import static io.cutover.controller.store.StoreFixtures.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cutover.core.ha.Lease;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The store contract for the leader lease and the write fence (docs/ha.md). A second store opened on
 * the same stored state stands for a second controller.
 */
interface LeaseContract extends StoreUnderTest {

    Duration TTL = Duration.ofSeconds(5);

    /** Opens the same stored state again, as a second controller would. */
    Store openAgain();

    static ControllerRecord controller(String id) {
        return new ControllerRecord(id, "http://" + id + ":7700", "1.0", T0, T0);
    }

    @Test
    default void aNewStoreHasNoLeaderAndTheFirstClaimLeadsInTermOne() {
        assertThat(store().lease()).isEqualTo(Lease.NONE);

        Lease lease = store().claimLease(controller("a"), 0, T0, TTL);

        assertThat(lease).isEqualTo(new Lease("a", "http://a:7700", 1, T0.plus(TTL)));
        assertThat(store().lease()).isEqualTo(lease);
        assertThat(store().controllers()).containsExactly(controller("a"));
    }

    @Test
    default void aHeldLeaseIsRenewedByItsHolderAndTakenByAnotherOnlyOnceItLapsed() {
        store().claimLease(controller("a"), 0, T0, TTL);
        try (Store b = openAgain()) {
            assertThat(b.claimLease(controller("b"), 0, T0.plusSeconds(2), TTL).holder()).isEqualTo("a");
            assertThat(store().claimLease(controller("a"), 1, T0.plusSeconds(3), TTL).expiresAt()).isEqualTo(T0.plusSeconds(8));
            assertThat(b.claimLease(controller("b"), 0, T0.plusSeconds(7), TTL).holder()).isEqualTo("a");

            Lease taken = b.claimLease(controller("b"), 0, T0.plusSeconds(8), TTL);

            assertThat(taken).isEqualTo(new Lease("b", "http://b:7700", 2, T0.plusSeconds(13)));
            assertThat(store().claimLease(controller("a"), 1, T0.plusSeconds(9), TTL)).isEqualTo(taken);
            assertThat(store().controllers()).extracting(ControllerRecord::id, ControllerRecord::seenAt)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a", T0.plusSeconds(9)),
                            org.assertj.core.groups.Tuple.tuple("b", T0.plusSeconds(8)));
        }
    }

    @Test
    default void aWriteFencedWithATermThatIsNoLongerCurrentWritesNothing() {
        store().claimLease(controller("a"), 0, T0, TTL);
        store().fence(new Fence.Term("a", 1));
        write(tx -> tx.putApp(app("web", 1)));
        try (Store b = openAgain()) {
            b.claimLease(controller("b"), 0, T0.plus(TTL), TTL);
            b.fence(new Fence.Term("b", 2));

            assertThatThrownBy(() -> write(tx -> tx.putApp(app("web", 2))))
                    .isInstanceOf(NotLeadingException.class)
                    .hasMessage("term 1 is no longer current (controller b leads in term 2); nothing was written");
            assertThatThrownBy(() -> write(tx -> tx.appendEvent(T0, "app_created", "api", "{}")))
                    .isInstanceOf(NotLeadingException.class);

            assertThat(b.app("web").orElseThrow().revision()).isEqualTo(1);
            assertThat(b.lastEventId()).isZero();
            b.transaction(tx -> {
                tx.putApp(app("web", 3));
                return null;
            });
            assertThat(store().app("web").orElseThrow().revision()).isEqualTo(3);
        }
    }

    @Test
    default void aTransactionKnowsTheTermItIsFencedWith() {
        assertThat(tx(Store.Tx::term)).isZero();
        store().claimLease(controller("a"), 0, T0, TTL);
        store().fence(new Fence.Term("a", 1));

        assertThat(tx(Store.Tx::term)).isEqualTo(1);
    }

    @Test
    default void theStoresIdentityIsMadeOnceAndSharedByEveryControllerOnIt() {
        String id = store().id();

        assertThat(java.util.UUID.fromString(id).toString()).isEqualTo(id);
        try (Store b = openAgain()) {
            assertThat(b.id()).isEqualTo(id);
        }
    }

    @Test
    default void theRoutersOfTheLeaderAreKeptForTheNextOne() {
        write(tx -> tx.putRouter(new RouterRecord("edge-1", "10.0.0.5:8080", "routers", T0)));
        write(tx -> tx.putRouter(new RouterRecord("edge-2", "10.0.0.6:8080", null, T0)));
        write(tx -> tx.putRouter(new RouterRecord("edge-1", "10.0.0.9:8080", "routers", T0.plusSeconds(5))));
        write(tx -> tx.deleteRouter("edge-2"));

        try (Store b = openAgain()) {
            assertThat(b.routers()).containsExactly(new RouterRecord("edge-1", "10.0.0.9:8080", "routers", T0.plusSeconds(5)));
        }
    }

    @Test
    default void aClosedFenceRefusesEveryWriteWithItsReason() {
        store().fence(new Fence.Closed("this controller follows; controller a leads"));

        assertThatThrownBy(() -> write(tx -> tx.putApp(app("web", 1))))
                .isInstanceOf(NotLeadingException.class)
                .hasMessage("this controller follows; controller a leads");
        store().fence(Fence.OPEN);
        assertThat(store().apps()).isEmpty();
    }

    @Test
    default void aReleasedLeaseIsTakenAtOnceInTheNextTermAndOnlyItsHolderReleasesIt() {
        store().claimLease(controller("a"), 0, T0, TTL);

        assertThat(store().releaseLease("b", 1)).isFalse();
        assertThat(store().releaseLease("a", 2)).isFalse();
        assertThat(store().releaseLease("a", 1)).isTrue();

        assertThat(store().claimLease(controller("b"), 0, T0.plusSeconds(1), TTL).term()).isEqualTo(2);
    }

    /** The lease row's lock orders them: a claim waits for a fenced write in progress, which then commits in its term. */
    @Test
    default void aNewTermBeginsOnlyAfterAWriteInProgressEnded() throws Exception {
        store().claimLease(controller("a"), 0, T0, TTL);
        store().fence(new Fence.Term("a", 1));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> write(tx -> {
            tx.putApp(app("web", 1));
            writing.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        try (Store b = openAgain()) {
            CompletableFuture<Lease> claim = CompletableFuture.supplyAsync(() -> b.claimLease(controller("b"), 0, T0.plus(TTL), TTL));

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !claim.isDone());
            finish.countDown();
            write.get(10, TimeUnit.SECONDS);

            assertThat(claim.get(10, TimeUnit.SECONDS).term()).isEqualTo(2);
            assertThat(b.app("web")).isPresent();
        }
    }
}
