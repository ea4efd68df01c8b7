package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.app;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against SQLite, in a data directory of each test's own. */
class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    @TempDir
    Path elsewhere;

    @Override
    protected Store openStore() {
        return SqliteStore.open(dataDir);
    }

    /**
     * A data directory made when SQLite's migrations were in {@code db/migration} (before PostgreSQL had
     * a history of its own beside them) opens: Flyway knows applied migrations by version, description
     * and checksum, none of which holds where the scripts were found.
     */
    @Test
    void aStoreMigratedFromTheFormerMigrationsFolderOpensAndTakesWrites() throws IOException, URISyntaxException {
        Path former = elsewhere.resolve("db/migration");
        Files.createDirectories(former);
        Path current = Path.of(SqliteStore.class.getResource("/db/migration/sqlite").toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(current)) {
            scripts = files.filter(f -> f.toString().endsWith(".sql")).toList();
        }
        for (Path script : scripts) {
            Files.copy(script, former.resolve(script.getFileName()));
        }
        Path oldDataDir = elsewhere.resolve("data");
        Files.createDirectories(oldDataDir);
        Flyway.configure().dataSource("jdbc:sqlite:" + oldDataDir.resolve(SqliteStore.FILE), null, null)
                .locations("filesystem:" + former).load().migrate();

        try (SqliteStore opened = SqliteStore.open(oldDataDir)) {
            opened.transaction(tx -> {
                tx.putApp(app("web", 1));
                return null;
            });
            assertThat(scripts).hasSizeGreaterThanOrEqualTo(8);
            assertThat(opened.apps()).containsExactly(app("web", 1));
        }
    }
}
