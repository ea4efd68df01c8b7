package io.cutover.controller.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.controller.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against a real PostgreSQL server, in a database of each test's own. */
class PostgresStoreTest extends StoreContract {

    @RegisterExtension
    final TestPostgres postgres = TestPostgres.perTest();

    @Override
    protected Store openStore() {
        return PostgresStore.open(postgres.url());
    }

    @Test
    void aServerThatCannotBeReachedIsNamedWithoutThePassword() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StoreUrl.Postgres nowhere = new StoreUrl.Postgres("127.0.0.1", closed, "cutover", "cutover", "s3cret", Map.of());

        assertThatThrownBy(() -> PostgresStore.open(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open the PostgreSQL store postgresql://cutover@127.0.0.1:" + closed + "/cutover: ")
                .hasMessageContaining("refused")
                .message().doesNotContain("s3cret");
    }
}
