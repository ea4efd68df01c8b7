package io.cutover.controller.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against SQLite, in a data directory of each test's own. */
class SqliteStoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected Store openStore() {
        return SqliteStore.open(dataDir);
    }
}
