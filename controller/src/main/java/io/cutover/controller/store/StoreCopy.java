package io.cutover.controller.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * {@code cutover store migrate}: copies a single-machine install's SQLite store into an empty PostgreSQL
 * store, row for row: every table but Flyway's history (apps, revisions, failed revisions, deployments,
 * instances, routes, maintenance, the route-table generation, the store's identity, the event log,
 * tokens, certificates), ids included, and each id sequence moved past the ids copied. Both stores are migrated to
 * the current schema first, so their tables and columns are the same; a table either one lacks stops
 * the copy before it writes.
 *
 * <p>The source is read in one transaction and the target written in one: a copy is whole or absent.
 * The source should not be in use by a server meanwhile (what it writes after the read is not copied).
 */
public final class StoreCopy {

    private static final int BATCH = 500;

    private StoreCopy() {}

    /**
     * Copies the store in {@code from} into {@code to}; returns the rows copied per table, by table name.
     *
     * @throws IllegalStateException when {@code from} holds no store, {@code to} is not empty, or the two
     *     schemas differ; nothing is written then
     */
    public static Map<String, Integer> copy(StoreUrl.Sqlite from, StoreUrl.Postgres to) {
        Path file = from.dataDir().resolve(SqliteStore.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("there is no SQLite store in " + from.dataDir() + " (no " + SqliteStore.FILE + ")");
        }
        try (SqliteStore source = SqliteStore.open(from.dataDir()); PostgresStore target = PostgresStore.open(to)) {
            return source.jdbi().inTransaction(read -> target.jdbi().inTransaction(write -> copy(read, write, to)));
        } catch (SQLException e) {
            throw new IllegalStateException("the copy from " + from + " to " + to + " failed, nothing was written: " + e.getMessage(), e);
        }
    }

    private static Map<String, Integer> copy(Handle read, Handle write, StoreUrl.Postgres to) throws SQLException {
        Connection in = read.getConnection();
        Connection out = write.getConnection();
        Map<String, List<String>> tables = columns(in);
        Map<String, List<String>> targetTables = columns(out);
        if (!tables.equals(targetTables)) {
            throw new IllegalStateException("the two stores' schemas differ (SQLite: " + tables + "; PostgreSQL: " + targetTables + ")");
        }
        String held = held(out, tables.keySet());
        if (!held.isEmpty()) {
            throw new IllegalStateException("the PostgreSQL store " + to + " is not empty: it holds " + held
                    + " (expected: a new database; migrate copies into an empty store only)");
        }
        Map<String, Integer> copied = new LinkedHashMap<>();
        for (String table : tables.keySet()) {
            if (!table.equals("controllers") && !table.equals("routers")) { // those that used the source; none uses the target yet
                copied.put(table, copyTable(in, out, table));
            }
        }
        // the term goes on from the source's (routers that followed it refuse older ones); nobody holds it
        try (Statement free = out.createStatement()) {
            free.executeUpdate("UPDATE leader_lease SET holder = '', address = '', expires_at = '" + Instant.EPOCH + "'");
        }
        moveIdentitiesPastCopiedIds(in, out);
        return copied;
    }

    /** Each table's columns, by table name, without Flyway's history and SQLite's own tables. */
    private static Map<String, List<String>> columns(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Map<String, List<String>> tables = new TreeMap<>();
        try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.equals("flyway_schema_history") && !name.startsWith("sqlite_")) {
                    tables.put(name, List.of());
                }
            }
        }
        for (String table : tables.keySet()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
                ResultSetMetaData columns = rs.getMetaData();
                TreeSet<String> names = new TreeSet<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    names.add(columns.getColumnName(i).toLowerCase(Locale.ROOT));
                }
                tables.put(table, List.copyOf(names));
            }
        }
        return tables;
    }

    /**
     * What the target holds beyond what its migrations put there, as "apps (2), events (57)": empty when
     * it is a new store. The migrations seed the counters at 0, so a counter counts only once it moved.
     */
    private static String held(Connection out, Iterable<String> tables) throws SQLException {
        List<String> held = new ArrayList<>();
        for (String table : tables) {
            String count = "SELECT COUNT(*) FROM " + table + switch (table) {
                case "counters" -> " WHERE value <> 0";
                case "leader_lease" -> " WHERE term <> 0";
                case "store_identity" -> " WHERE 1 = 0"; // made when the target was opened; the source's replaces it
                default -> "";
            };
            try (Statement s = out.createStatement(); ResultSet rs = s.executeQuery(count)) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    held.add(table + " (" + rs.getLong(1) + ")");
                }
            }
        }
        return String.join(", ", held);
    }

    /** Replaces the target's rows of {@code table} (none but seeds) with the source's; returns how many. */
    private static int copyTable(Connection in, Connection out, String table) throws SQLException {
        try (Statement clear = out.createStatement()) {
            clear.executeUpdate("DELETE FROM " + table);
        }
        try (Statement select = in.createStatement(); ResultSet rows = select.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData columns = rows.getMetaData();
            int n = columns.getColumnCount();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                names.add(columns.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            int[] types = targetTypes(out, table, names);
            String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + names.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
            int count = 0;
            try (PreparedStatement put = out.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 1; i <= n; i++) {
                        // by the target column's type: SQLite's 0/1 become PostgreSQL's booleans, its integers bigints
                        Object value = rows.getObject(i);
                        if (value == null) {
                            put.setNull(i, types[i - 1]);
                        } else {
                            put.setObject(i, value, types[i - 1]);
                        }
                    }
                    put.addBatch();
                    if (++count % BATCH == 0) {
                        put.executeBatch();
                    }
                }
                put.executeBatch();
            }
            return count;
        }
    }

    private static int[] targetTypes(Connection out, String table, List<String> names) throws SQLException {
        try (Statement s = out.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + String.join(", ", names) + " FROM " + table + " WHERE 1 = 0")) {
            int[] types = new int[names.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = rs.getMetaData().getColumnType(i + 1);
            }
            return types;
        }
    }

    /**
     * Sets each identity column's next value past the ids copied, and past those SQLite handed out and
     * that are gone since (a deleted app's deployments): an id is never given twice.
     */
    private static void moveIdentitiesPastCopiedIds(Connection in, Connection out) throws SQLException {
        Map<String, String> identities = new TreeMap<>();
        try (Statement s = out.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name, column_name "
                + "FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'")) {
            while (rs.next()) {
                identities.put(rs.getString(1), rs.getString(2));
            }
        }
        for (Map.Entry<String, String> identity : identities.entrySet()) {
            long last = Math.max(lastId(out, identity.getKey(), identity.getValue()), sqliteSequence(in, identity.getKey()));
            try (PreparedStatement set = out.prepareStatement("SELECT setval(pg_get_serial_sequence(?, ?), ?, ?)")) {
                set.setString(1, identity.getKey());
                set.setString(2, identity.getValue());
                set.setLong(3, Math.max(last, 1));
                set.setBoolean(4, last > 0); // false: the next value is 1 itself
                set.executeQuery().close();
            }
        }
    }

    private static long lastId(Connection out, String table, String column) throws SQLException {
        try (Statement s = out.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(" + column + "), 0) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The last id SQLite's AUTOINCREMENT handed out for {@code table}, 0 if none. */
    private static long sqliteSequence(Connection in, String table) throws SQLException {
        try (PreparedStatement s = in.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
