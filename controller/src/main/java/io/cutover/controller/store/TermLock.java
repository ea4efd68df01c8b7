package io.cutover.controller.store;

/**
 * A lock a leader holds for its term in a database session of its own, so the other controllers learn at
 * once, without waiting out the lease, that the leader's process is gone (docs/ha.md, "Failover in about
 * a second"). PostgreSQL releases a session's advisory locks when the session ends, and it ends when the
 * process that opened it dies. The lock only hastens a takeover: what keeps two leaders from both writing
 * is the term, which the store checks on every write, so a lock lost with a dropped connection while its
 * leader lives costs that leader its term, never a write.
 *
 * <p>A candidate takes the next term's lock before it claims the lease, so whenever a term is current its
 * lock is held, unless its leader is gone. Several candidates: the one that got the lock claims, the others
 * wait for the next round.
 */
public interface TermLock extends AutoCloseable {

    /** For stores with nothing to lock across processes (SQLite): holding always succeeds, no leader is ever seen gone. */
    TermLock NONE = new TermLock() {
        @Override
        public boolean hold(long term) {
            return true;
        }

        @Override
        public boolean abandoned(long term) {
            return false;
        }

        @Override
        public void release() {}

        @Override
        public void close() {}
    };

    /**
     * Holds the lock of {@code term} (a no-op if this session holds it already), giving up any other it
     * held; false if another session holds it or the database cannot be reached.
     */
    boolean hold(long term);

    /**
     * Whether the lock of {@code term} is free, so its leader's session has ended: the controller that
     * leads in it has died, or lost the database. False when this session holds it, when another does, and
     * when the database cannot be reached (nothing is known).
     */
    boolean abandoned(long term);

    /** Gives up the lock this session holds, if any. */
    void release();

    /** Ends the session, and with it the lock. */
    @Override
    void close();
}
