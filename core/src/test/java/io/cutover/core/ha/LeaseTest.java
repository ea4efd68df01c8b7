package io.cutover.core.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(5);

    @Test
    void theFirstClaimOfAStoreStartsTermOne() {
        Lease lease = Lease.NONE.claimedBy("a", "http://a:7700", 0, T0, TTL);

        assertThat(lease).isEqualTo(new Lease("a", "http://a:7700", 1, T0.plus(TTL)));
        assertThat(lease.ledBy("a", 1, T0)).isTrue();
    }

    @Test
    void theLeaderRenewsInItsTerm() {
        Lease held = new Lease("a", "http://a:7700", 3, T0.plus(TTL));

        assertThat(held.claimedBy("a", "http://a:7700", 3, T0.plusSeconds(1), TTL))
                .isEqualTo(new Lease("a", "http://a:7700", 3, T0.plusSeconds(1).plus(TTL)));
    }

    @Test
    void aHeldLeaseIsTakenOverInTheNextTermOnlyWhileStillInTheTermFoundAbandoned() {
        Lease held = new Lease("a", "http://a:7700", 3, T0.plus(TTL));

        assertThat(held.takenOverBy("b", "http://b:7700", 3, T0.plusSeconds(1), TTL))
                .isEqualTo(new Lease("b", "http://b:7700", 4, T0.plusSeconds(1).plus(TTL)));
        // another controller took term 4 first: the lease found is no longer in the abandoned term
        Lease taken = new Lease("c", "http://c:7700", 4, T0.plus(TTL));
        assertThat(taken.takenOverBy("b", "http://b:7700", 3, T0.plusSeconds(1), TTL)).isSameAs(taken);
        // the holder itself (restarted) claims its own lease anew, as claimedBy decides
        assertThat(held.takenOverBy("a", "http://a:7700", 3, T0.plusSeconds(1), TTL).term()).isEqualTo(4);
        assertThatThrownBy(() -> held.takenOverBy("", "", 3, T0, TTL)).hasMessageContaining("controller");
    }

    @Test
    void anotherControllerCannotTakeAHeldLeaseButTakesALapsedOneInANewTerm() {
        Lease held = new Lease("a", "http://a:7700", 3, T0.plus(TTL));

        assertThat(held.claimedBy("b", "http://b:7700", 0, T0.plusSeconds(4), TTL)).isSameAs(held);
        assertThat(held.claimedBy("b", "http://b:7700", 0, T0.plus(TTL), TTL))
                .isEqualTo(new Lease("b", "http://b:7700", 4, T0.plus(TTL).plus(TTL)));
    }

    @Test
    void aControllerThatRestartedTakesItsOwnLeaseAtOnceInANewTerm() {
        Lease held = new Lease("a", "http://a:7700", 3, T0.plus(TTL));

        assertThat(held.claimedBy("a", "http://a:7701", 0, T0.plusSeconds(1), TTL).term()).isEqualTo(4);
    }

    @Test
    void aLeaderWhoseTermIsNoLongerCurrentDoesNotRenewIt() {
        Lease taken = new Lease("b", "http://b:7700", 4, T0.plus(TTL));

        assertThat(taken.claimedBy("a", "http://a:7700", 3, T0.plusSeconds(1), TTL)).isSameAs(taken);
        assertThat(taken.ledBy("a", 3, T0.plusSeconds(1))).isFalse();
    }

    @Test
    void aReleasedLeaseKeepsItsTermAndIsFreeAtOnce() {
        Lease released = new Lease("a", "http://a:7700", 3, T0.plus(TTL)).released();

        assertThat(released.held(T0)).isFalse();
        assertThat(released.claimedBy("b", "http://b:7700", 0, T0, TTL).term()).isEqualTo(4);
    }

    @Test
    void aClaimNeedsAControllerAndATtl() {
        assertThatThrownBy(() -> Lease.NONE.claimedBy("", "x", 0, T0, TTL)).hasMessage("controller: \"\" (expected: a controller id)");
        assertThatThrownBy(() -> Lease.NONE.claimedBy("a", "x", 0, T0, Duration.ZERO)).hasMessage("ttl: PT0S (expected: > 0)");
    }
}
