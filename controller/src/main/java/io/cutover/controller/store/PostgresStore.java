package io.cutover.controller.store;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@link Store} in a PostgreSQL database, which several controllers can share. The schema is
 * created and migrated on open, by PostgreSQL's own migration history ({@code db/migration/postgresql}):
 * the same tables and columns as SQLite's, in PostgreSQL's types where they differ (booleans, 64-bit
 * ids from identity columns), text sorted byte-wise ({@code COLLATE "C"}) as SQLite sorts it.
 *
 * <p>Transactions are serialised in this process ({@link JdbcStore} says why the event log needs it);
 * reads run alongside them on the pool's other connections, in PostgreSQL's default isolation (read
 * committed).
 */
public final class PostgresStore extends JdbcStore {

    /** Where PostgreSQL's migrations are. */
    static final String MIGRATIONS = "classpath:db/migration/postgresql";

    private final StoreUrl.Postgres url;

    private PostgresStore(StoreUrl.Postgres url, HikariDataSource pool) {
        super(pool);
        this.url = url;
    }

    /**
     * Opens (and creates or migrates) the store in the database {@code url} names, which must exist.
     *
     * @throws IllegalStateException naming the database (never the password) when it cannot be reached or migrated
     */
    public static PostgresStore open(StoreUrl.Postgres url) {
        // the API's reads, the event streams and the engine's passes read alongside the one writer
        return new PostgresStore(url, migrateAndPool(url, source(url, "cutover"), MIGRATIONS, 8));
    }

    /** A session of its own, outside the pool, that gives up quickly: a lease round never waits long on it. */
    @Override
    public TermLock termLock() {
        PGSimpleDataSource source = source(url, "cutover-term-lock");
        source.setConnectTimeout(2);
        source.setSocketTimeout(2);
        source.setTcpKeepAlive(true);
        return new PostgresTermLock(source, id());
    }

    private static PGSimpleDataSource source(StoreUrl.Postgres url, String application) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url.jdbcUrl());
        source.setUser(url.user());
        source.setPassword(url.password());
        source.setApplicationName(application);
        return source;
    }
}
