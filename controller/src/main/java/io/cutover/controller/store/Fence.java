package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

/**
 * What every write transaction of a store checks before its first statement (docs/ha.md): nothing
 * ({@link Open}: a store no leader election runs on, such as {@code cutover store migrate}), that this
 * controller still leads in its term ({@link Term}: the lease row names it and the term is current, or the
 * transaction writes nothing), or that it may not write at all ({@link Closed}: a follower).
 */
public sealed interface Fence {

    /** Writes are not fenced. */
    Fence OPEN = new Open();

    record Open() implements Fence {}

    /** Writes fail at once with {@code reason}. */
    record Closed(String reason) implements Fence {
        public Closed {
            requireNonNull(reason, "reason");
        }
    }

    /** Writes succeed only while the lease names {@code holder} in {@code term}. */
    record Term(String holder, long term) implements Fence {
        public Term {
            requireNonNull(holder, "holder");
            if (term <= 0) {
                throw new IllegalArgumentException("term: " + term + " (expected: > 0)");
            }
        }
    }
}
