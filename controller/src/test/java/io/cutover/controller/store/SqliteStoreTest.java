package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * a history of its own beside them) opens and keeps what it held: Flyway knows an applied migration
     * by version, description and checksum, none of which says where the script was found.
     */
    @Test
    void aStoreMadeWhenTheMigrationsWereInTheFormerFolderOpensWithItsRows() throws IOException {
        try (InputStream made = getClass().getResourceAsStream("/store/made-with-db-migration/cutover.db")) {
            Files.copy(made, elsewhere.resolve(SqliteStore.FILE));
        }

        try (SqliteStore opened = SqliteStore.open(elsewhere)) {
            assertThat(opened.tokens()).extracting(ApiToken::name).containsExactly("admin", "ci");
            assertThat(opened.lastEventId()).isEqualTo(2);
            assertThat(opened.id()).as("a store made before identities gets one").isNotBlank();
            opened.transaction(tx -> {
                tx.putApp(app("web", 1));
                return null;
            });
            assertThat(opened.apps()).containsExactly(app("web", 1));
        }
    }

    @Test
    void twoDataDirectoriesAreTwoStoresWithIdentitiesOfTheirOwn() {
        try (SqliteStore here = SqliteStore.open(dataDir); SqliteStore there = SqliteStore.open(elsewhere)) {
            assertThat(here.id()).isNotEqualTo(there.id());
        }
    }

    @Test
    void aFileThatIsNotASqliteDatabaseIsRefusedNamingTheStoreInOneLine() throws IOException {
        Files.writeString(elsewhere.resolve(SqliteStore.FILE), "not a database, from another program");

        assertThatThrownBy(() -> SqliteStore.open(elsewhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open the SQLite store sqlite:" + elsewhere + ": [SQLITE_NOTADB]")
                .message().doesNotContain("\n");
    }
}
