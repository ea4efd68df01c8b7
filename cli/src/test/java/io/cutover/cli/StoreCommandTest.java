package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.PostgresStore;
import io.cutover.controller.store.SqliteStore;
import io.cutover.controller.testing.TestPostgres;
import io.cutover.core.manifest.Manifests;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code cutover store migrate} against a real PostgreSQL server (the copy itself: StoreCopyTest). */
class StoreCommandTest {

    private static final AppRecord WEB = app("web", "2025-03-01T10:00:00Z");
    private static final AppRecord API = app("api", "2025-03-02T10:00:00Z");

    @RegisterExtension
    final TestPostgres postgres = TestPostgres.perTest();

    @TempDir
    Path dataDir;

    @Test
    void migrateCopiesTheDataDirectorysStoreIntoPostgresqlOnceAndRefusesASecondTimeWritingNothing() {
        write(WEB, "app_created");

        CliRun run = migrate("sqlite:" + dataDir, postgres.urlText());

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("1 apps", "1 events", "from sqlite:" + dataDir, "to " + postgres.url());
        assertThatPostgresqlHoldsOnly(WEB, 1);

        // the SQLite store moves on; a second copy onto the now non-empty PostgreSQL store must not mix the two
        write(API, "app_created");
        CliRun again = migrate("sqlite:" + dataDir, postgres.urlText());

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).startsWith("cutover: store migrate: the PostgreSQL store " + postgres.url() + " is not empty: "
                + "it holds apps (1), events (1)");
        assertThatPostgresqlHoldsOnly(WEB, 1);
    }

    @Test
    void aBadStoreIsAUsageErrorNamingTheOption() {
        CliRun wrongKind = migrate(postgres.urlText(), postgres.urlText());
        CliRun badUrl = migrate("sqlite:" + dataDir, "postgresql://db/x");
        CliRun notPostgres = migrate("sqlite:" + dataDir, "sqlite:" + dataDir);
        CliRun noStore = migrate("sqlite:" + dataDir.resolve("none"), postgres.urlText());

        assertThat(wrongKind.exitCode()).isEqualTo(2);
        assertThat(wrongKind.err()).startsWith("cutover: --from: " + postgres.url() + " is not a SQLite store");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).startsWith("cutover: --to: names no user");
        assertThat(notPostgres.exitCode()).isEqualTo(2);
        assertThat(notPostgres.err()).startsWith("cutover: --to: sqlite:" + dataDir + " is not a PostgreSQL store");
        assertThat(noStore.exitCode()).isEqualTo(1);
        assertThat(noStore.err()).startsWith("cutover: store migrate: there is no SQLite store in " + dataDir.resolve("none"));
    }

    private static CliRun migrate(String from, String to) {
        return CliRun.of("store", "migrate", "--from", from, "--to", to);
    }

    private void write(AppRecord app, String event) {
        try (SqliteStore sqlite = SqliteStore.open(dataDir)) {
            sqlite.transaction(tx -> {
                tx.putApp(app);
                tx.appendEvent(app.createdAt(), event, app.spec().name(), "{}");
                return null;
            });
        }
    }

    private void assertThatPostgresqlHoldsOnly(AppRecord app, long lastEventId) {
        try (PostgresStore copy = PostgresStore.open(postgres.url())) {
            assertThat(copy.apps()).containsExactly(app);
            assertThat(copy.lastEventId()).isEqualTo(lastEventId);
        }
    }

    private static AppRecord app(String name, String created) {
        return new AppRecord(Manifests.parse("name: " + name + "\nrun: {command: ./run.sh}\n"), 1, false,
                Instant.parse(created), Instant.parse(created));
    }
}
