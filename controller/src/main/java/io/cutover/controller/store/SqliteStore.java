package io.cutover.controller.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The {@link Store} in one SQLite file, {@code cutover.db} in the data directory, in WAL mode: the
 * default. The schema is created and migrated on open, by SQLite's migration history
 * ({@code db/migration/sqlite}).
 *
 * <p>Transactions are serialised ({@link JdbcStore}), so SQLite never sees two writers; reads run
 * alongside them on other connections, which WAL allows.
 */
public final class SqliteStore extends JdbcStore {

    /** Where SQLite's migrations are. A data directory made when they were in {@code db/migration} opens the same. */
    static final String MIGRATIONS = "classpath:db/migration/sqlite";

    /** The file's name in the data directory. */
    static final String FILE = "cutover.db";

    private SqliteStore(HikariDataSource pool) {
        super(pool);
    }

    /**
     * Opens (and creates or migrates) the store in {@code dataDir/cutover.db}, creating the directory if need be.
     *
     * @throws IllegalStateException naming the directory when it cannot be created, or the file opened or migrated
     */
    public static SqliteStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + dataDir.resolve(FILE).toAbsolutePath());
        // Opening a SQLite connection (file, schema, pragmas) costs milliseconds: keep a few open. WAL lets
        // readers run beside the one writer.
        return new SqliteStore(migrateAndPool(new StoreUrl.Sqlite(dataDir), source, MIGRATIONS, 4));
    }
}
