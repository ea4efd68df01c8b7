package io.cutover.controller.store;

import io.cutover.controller.testing.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against a real PostgreSQL server, in a database of each test's own. */
class PostgresStoreTest extends StoreContract {

    @RegisterExtension
    final TestPostgres postgres = TestPostgres.perTest();

    @Override
    protected Store openStore() {
        return PostgresStore.open(postgres.url());
    }
}
