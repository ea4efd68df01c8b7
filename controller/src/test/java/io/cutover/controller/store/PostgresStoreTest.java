package io.cutover.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.controller.testing.TestPostgres;
import io.cutover.core.ha.Lease;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against a real PostgreSQL server, in a database of each test's own. */
class PostgresStoreTest extends StoreContract {

    @RegisterExtension
    final TestPostgres postgres = TestPostgres.perTest();

    @Override
    protected Store openStore() {
        return PostgresStore.open(postgres.url());
    }

    @Test
    void aTermLockIsHeldByOneSessionAndFoundAbandonedOnlyOnceThatSessionEnded() {
        try (TermLock leader = store().termLock(); TermLock follower = store().termLock()) {
            assertThat(leader.hold(1)).isTrue();
            assertThat(leader.hold(1)).as("holding again is a no-op").isTrue();

            assertThat(follower.hold(1)).isFalse();
            assertThat(follower.abandoned(1)).isFalse();
            assertThat(follower.abandoned(2)).as("a term nobody holds yet").isTrue();
            assertThat(follower.hold(2)).as("the next term's lock, as a candidate takes it").isTrue();
            assertThat(leader.abandoned(2)).isFalse();
            follower.release();

            leader.close(); // as its process dies: the session, and with it the lock, ends

            assertThat(follower.abandoned(1)).isTrue();
            assertThat(follower.hold(2)).isTrue();
        }
    }

    @Test
    void aLeaderWhoseSessionWasCutTakesItsTermLockAgainWhenNoOneElseHasIt() {
        try (TermLock leader = store().termLock(); TermLock follower = store().termLock()) {
            assertThat(leader.hold(3)).isTrue();
            terminateTermLockSessions();

            assertThat(leader.hold(3)).as("a new session, the lock taken again").isTrue();
            assertThat(follower.abandoned(3)).isFalse();
        }
    }

    @Test
    void theLeaseIsTakenOverFromTheTermFoundAbandonedOnlyWhileItIsCurrent() {
        store().claimLease(LeaseContract.controller("a"), 0, StoreFixtures.T0, LeaseContract.TTL);

        Lease taken = store().takeOverLease(LeaseContract.controller("b"), 1, StoreFixtures.T0.plusSeconds(1), LeaseContract.TTL);
        Lease late = store().takeOverLease(LeaseContract.controller("c"), 1, StoreFixtures.T0.plusSeconds(1), LeaseContract.TTL);

        assertThat(taken.holder()).isEqualTo("b");
        assertThat(taken.term()).isEqualTo(2);
        assertThat(late).as("c found term 1 abandoned too, but b was quicker").isEqualTo(taken);
        assertThat(store().lease()).isEqualTo(taken);
    }

    /** Ends the term lock sessions from the server's side, as a restart of PostgreSQL or a cut connection would. */
    private void terminateTermLockSessions() {
        postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE application_name = 'cutover-term-lock' AND datname = current_database()");
    }

    @Test
    void aServerThatCannotBeReachedIsNamedWithoutThePassword() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StoreUrl.Postgres nowhere = new StoreUrl.Postgres("127.0.0.1", closed, "cutover", "cutover", "s3cret", Map.of());

        assertThatThrownBy(() -> PostgresStore.open(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open the PostgreSQL store postgresql://cutover@127.0.0.1:" + closed + "/cutover: ")
                .hasMessageContaining("refused")
                .message().doesNotContain("s3cret");
    }
}
