package io.cutover.controller.ha;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long a leader's lease lasts and how often it renews it (docs/ha.md).
 *
 * @param ttl the lease lapses this long after its last renewal; another controller may then lead.
 *     Default 5 s
 * @param renew the leader renews (and followers look) this often. Default 1 s; at most half the TTL, so
 *     one failed renewal does not lose the lease
 */
public record LeaseTimes(Duration ttl, Duration renew) {

    public static final LeaseTimes DEFAULTS = new LeaseTimes(Duration.ofSeconds(5), Duration.ofSeconds(1));

    public LeaseTimes {
        requireNonNull(ttl, "ttl");
        requireNonNull(renew, "renew");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease-ttl: " + ttl.toMillis() + " ms (expected: > 0)");
        }
        if (renew.isNegative() || renew.isZero()) {
            throw new IllegalArgumentException("lease-renew: " + renew.toMillis() + " ms (expected: > 0)");
        }
        if (ttl.compareTo(renew.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("lease-ttl: " + ttl.toMillis() + " ms is less than twice lease-renew ("
                    + renew.toMillis() + " ms): one late renewal would lose the lease");
        }
    }
}
