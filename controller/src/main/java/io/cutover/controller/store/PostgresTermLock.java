package io.cutover.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TermLock} as PostgreSQL session advisory locks, on one connection of its own outside the pool (a
 * pooled connection would carry the lock to whoever borrows it next). The lock of a term is the pair
 * (store key, term) of {@code pg_try_advisory_lock(int, int)}: the store key, from the store's identity,
 * keeps two stores in one database apart. A dropped connection drops the lock with it; the next
 * {@link #hold} opens a new one and tries again.
 */
final class PostgresTermLock implements TermLock {

    private static final Logger log = LoggerFactory.getLogger(PostgresTermLock.class);

    private final DataSource source;
    private final int storeKey;
    private @Nullable Connection connection;
    /** The term whose lock this session holds, 0 for none. */
    private long held;

    PostgresTermLock(DataSource source, String storeId) {
        this.source = source;
        this.storeKey = storeId.hashCode();
    }

    @Override
    public synchronized boolean hold(long term) {
        if (term <= 0) {
            throw new IllegalArgumentException("term: " + term + " (expected: > 0)");
        }
        if (held == term && connectionAlive()) {
            return true;
        }
        release();
        if (call("pg_try_advisory_lock", term)) {
            held = term;
            return true;
        }
        return false;
    }

    @Override
    public synchronized boolean abandoned(long term) {
        if (term <= 0 || term == held || !call("pg_try_advisory_lock", term)) {
            return false;
        }
        call("pg_advisory_unlock", term);
        return true;
    }

    @Override
    public synchronized void release() {
        if (held != 0 && connection != null) {
            call("pg_advisory_unlock", held);
        }
        held = 0;
    }

    @Override
    public synchronized void close() {
        held = 0;
        drop();
    }

    /** Whether the session still stands (a round trip: a dead connection is found now, not at the next lock). */
    private boolean connectionAlive() {
        try {
            if (connection != null && connection.isValid(2)) {
                return true;
            }
        } catch (SQLException e) {
            // as dead
        }
        held = 0;
        drop();
        return false;
    }

    /** Calls an advisory lock function of (store key, term); false, with the session dropped, on any error. */
    private boolean call(String function, long term) {
        try {
            if (connection == null) {
                connection = source.getConnection();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
                statement.setInt(1, storeKey);
                statement.setInt(2, (int) term);
                try (ResultSet result = statement.executeQuery()) {
                    return result.next() && result.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            log.warn("leader term lock: {} failed ({}); the lease alone decides until it works again", function, e.getMessage());
            held = 0;
            drop();
            return false;
        }
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the session is gone either way
            }
            connection = null;
        }
    }
}
