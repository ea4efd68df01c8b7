package io.cutover.controller.store;

import io.cutover.core.ha.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The lease row and the controllers table, in SQL that SQLite and PostgreSQL both run. Each statement
 * that decides on the lease begins by updating its row: that takes the row's lock (PostgreSQL) or the
 * database's write lock (SQLite) before anything is read, so a claim and a fenced write never interleave:
 * a write either commits before a new term does, or sees the new term and writes nothing.
 */
final class LeaseSql {

    private LeaseSql() {}

    static Lease lease(Handle h) {
        return h.createQuery("SELECT holder, address, term, expires_at FROM leader_lease WHERE id = 1")
                .map((rs, ctx) -> new Lease(rs.getString("holder"), rs.getString("address"), rs.getLong("term"),
                        Instant.parse(rs.getString("expires_at"))))
                .one();
    }

    /** Fails with {@link NotLeadingException} unless the lease names {@code fence}'s holder in its term. */
    static void check(Handle h, Fence.Term fence) {
        int current = h.createUpdate("UPDATE leader_lease SET term = term WHERE id = 1 AND holder = :holder AND term = :term")
                .bind("holder", fence.holder()).bind("term", fence.term()).execute();
        if (current == 0) {
            Lease now = lease(h);
            throw new NotLeadingException("term " + fence.term() + " is no longer current ("
                    + (now.holder().isEmpty() ? "the lease is free" : "controller " + now.holder() + " leads in term " + now.term())
                    + "); nothing was written");
        }
    }

    static Lease claim(Handle h, ControllerRecord controller, long heldTerm, Instant now, Duration ttl) {
        h.createUpdate("UPDATE leader_lease SET term = term WHERE id = 1").execute();
        Lease current = lease(h);
        return settle(h, current, current.claimedBy(controller.id(), controller.address(), heldTerm, now, ttl), controller, now);
    }

    static Lease takeOver(Handle h, ControllerRecord controller, long abandonedTerm, Instant now, Duration ttl) {
        h.createUpdate("UPDATE leader_lease SET term = term WHERE id = 1").execute();
        Lease current = lease(h);
        return settle(h, current, current.takenOverBy(controller.id(), controller.address(), abandonedTerm, now, ttl), controller, now);
    }

    /** Writes {@code next} if it differs from {@code current}, records the controller as seen; returns {@code next}. */
    private static Lease settle(Handle h, Lease current, Lease next, ControllerRecord controller, Instant now) {
        if (!next.equals(current)) {
            put(h, next);
        }
        h.createUpdate("INSERT INTO controllers (id, address, version, started_at, seen_at) "
                        + "VALUES (:id, :address, :version, :started, :seen) ON CONFLICT (id) DO UPDATE SET "
                        + "address = :address, version = :version, started_at = :started, seen_at = :seen")
                .bind("id", controller.id()).bind("address", controller.address()).bind("version", controller.version())
                .bind("started", controller.startedAt().toString()).bind("seen", now.toString())
                .execute();
        return next;
    }

    static boolean release(Handle h, String holder, long term) {
        h.createUpdate("UPDATE leader_lease SET term = term WHERE id = 1").execute();
        Lease current = lease(h);
        if (!current.holder().equals(holder) || current.term() != term) {
            return false;
        }
        put(h, current.released());
        return true;
    }

    private static void put(Handle h, Lease lease) {
        h.createUpdate("UPDATE leader_lease SET holder = :holder, address = :address, term = :term, expires_at = :expires WHERE id = 1")
                .bind("holder", lease.holder()).bind("address", lease.address()).bind("term", lease.term())
                .bind("expires", lease.expiresAt().toString())
                .execute();
    }

    static List<ControllerRecord> controllers(Handle h) {
        return h.createQuery("SELECT * FROM controllers ORDER BY id")
                .map((rs, ctx) -> new ControllerRecord(rs.getString("id"), rs.getString("address"), rs.getString("version"),
                        Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("seen_at"))))
                .list();
    }
}
