package io.cutover.core.ha;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * The leader lease of a store: which controller leads, in which term, until when. Term 0 with no holder
 * is a lease nobody ever held. A term is the fencing token: each new holder gets a higher one, and the
 * store refuses writes made in any term but the current one.
 *
 * @param holder the leading controller's id, empty when none ever led
 * @param address the leader's advertised API address, empty when none
 * @param term the current term, 0 before the first leader
 * @param expiresAt the lease lapses then unless renewed
 */
public record Lease(String holder, String address, long term, Instant expiresAt) {

    /** The lease of a store nobody has led. */
    public static final Lease NONE = new Lease("", "", 0, Instant.EPOCH);

    public Lease {
        requireNonNull(holder, "holder");
        requireNonNull(address, "address");
        requireNonNull(expiresAt, "expiresAt");
        if (term < 0) {
            throw new IllegalArgumentException("term: " + term + " (expected: >= 0)");
        }
    }

    /** Whether a controller holds the lease at {@code now}. */
    public boolean held(Instant now) {
        return !holder.isEmpty() && now.isBefore(expiresAt);
    }

    /**
     * What the lease becomes when {@code controller} (reachable at {@code address}) claims it at
     * {@code now}, holding term {@code heldTerm} (0 when it does not lead): renewed in the same term
     * when it leads in the current one; a new term when the lease lapsed, was released, or names this
     * controller from an earlier start (a controller that restarted does not wait for its own lease);
     * unchanged when another controller holds it.
     */
    public Lease claimedBy(String controller, String address, long heldTerm, Instant now, Duration ttl) {
        requireClaimant(controller, ttl);
        Instant until = now.plus(ttl);
        boolean mine = holder.equals(controller);
        if (mine && heldTerm == term && term > 0) {
            return new Lease(controller, address, term, until);
        }
        if (mine || !held(now)) {
            return new Lease(controller, address, term + 1, until);
        }
        return this;
    }

    /**
     * What the lease becomes when {@code controller} takes it over from the leader of
     * {@code abandonedTerm}, found gone before its lease lapsed (its session with the store ended): the
     * next term for {@code controller} while the lease is still in that term and not this controller's;
     * otherwise as {@link #claimedBy} decides for a controller that does not lead (another was quicker,
     * or the lease lapsed meanwhile).
     */
    public Lease takenOverBy(String controller, String address, long abandonedTerm, Instant now, Duration ttl) {
        requireClaimant(controller, ttl);
        if (term == abandonedTerm && abandonedTerm > 0 && !holder.isEmpty() && !holder.equals(controller)) {
            return new Lease(controller, address, term + 1, now.plus(ttl));
        }
        return claimedBy(controller, address, 0, now, ttl);
    }

    private static void requireClaimant(String controller, Duration ttl) {
        requireNonNull(controller, "controller");
        if (controller.isEmpty()) {
            throw new IllegalArgumentException("controller: \"\" (expected: a controller id)");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
    }

    /** The lease once its holder gave it up: the term stays, nobody holds it, so anyone may claim it at once. */
    public Lease released() {
        return new Lease("", "", term, Instant.EPOCH);
    }

    /** Whether {@code controller} leads in this lease at {@code now} in term {@code term}. */
    public boolean ledBy(String controller, long term, Instant now) {
        return held(now) && holder.equals(controller) && this.term == term;
    }
}
