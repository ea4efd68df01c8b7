package io.cutover.controller.testing;

import static java.util.Objects.requireNonNull;

import io.cutover.controller.store.StoreUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for tests, as a JUnit 5 extension: the server (PostgreSQL's own binaries,
 * shipped in a Maven artifact, run from a temporary directory on a free port) starts once per test JVM,
 * when the first test that needs it begins, and stops when the JVM's tests are done; each test gets a
 * database of its own, created before it and dropped after it, with English collation (ICU {@code en-US})
 * rather than byte order, as many installations have. Running as root works: the binaries run
 * in a user namespace. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestPostgres postgres = TestPostgres.perTest();
 * }</pre>
 */
public final class TestPostgres implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestPostgres.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private @Nullable Server server;
    private @Nullable String database;

    private TestPostgres() {}

    /** A fresh database for each test, on the JVM's one server. */
    public static TestPostgres perTest() {
        return new TestPostgres();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // the root context's store closes the server (AutoCloseable) once every test of this JVM ran
        server = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Server.class, k -> Server.start(), Server.class);
        database = "test_" + DATABASES.incrementAndGet();
        // sorted by a language's rules, as databases often are, so that a query relying on byte order shows
        server.execute("CREATE DATABASE " + database + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' "
                + "LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null && database != null) {
            server.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        database = null;
    }

    /** The test's database as {@code --store} names it: {@code postgresql://postgres@127.0.0.1:PORT/test_N}. */
    public StoreUrl.Postgres url() {
        return new StoreUrl.Postgres("127.0.0.1", server().port(), database(), "postgres", null, Map.of());
    }

    /** The test's database as a {@code --store} argument. */
    public String urlText() {
        return "postgresql://postgres@127.0.0.1:" + server().port() + "/" + database();
    }

    /** Runs SQL statements in the test's database, as the superuser. */
    public void execute(String sql) {
        server().execute(database(), sql);
    }

    /** A connection to the test's database, as the superuser; the caller closes it. */
    public Connection connect() throws SQLException {
        return server().postgres.getDatabase("postgres", database()).getConnection();
    }

    /** How long the JVM's server took to start (initdb included). */
    public Duration startupTime() {
        return server().startup;
    }

    private Server server() {
        return requireNonNull(server, "server (it starts before each test)");
    }

    private String database() {
        return requireNonNull(database, "database (made before each test)");
    }

    /** The JVM's server. */
    private record Server(EmbeddedPostgres postgres, Duration startup) implements AutoCloseable {

        static Server start() {
            long began = System.nanoTime();
            try {
                // a test server: nothing it holds must outlive a crash, so it need not wait for the disk
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off").start();
                Server server = new Server(postgres, Duration.ofNanos(System.nanoTime() - began));
                LoggerFactory.getLogger(TestPostgres.class).info("the tests' PostgreSQL server listens on port {}, started in {} ms",
                        server.port(), server.startup().toMillis());
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the tests' PostgreSQL server", e);
            }
        }

        int port() {
            return postgres.getPort();
        }

        void execute(String sql) {
            execute("postgres", sql);
        }

        void execute(String database, String sql) {
            try (Connection c = postgres.getDatabase("postgres", database).getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL refused: " + sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }
}
