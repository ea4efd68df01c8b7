package io.cutover.controller.store;

import io.cutover.core.deploy.Deployment;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** The store a contract test runs against, and short ways to use it in a test. */
interface StoreUnderTest {

    /** The store, open, empty at the start of each test. */
    Store store();

    default <T> T tx(Function<Store.Tx, T> work) {
        return store().transaction(work);
    }

    default void write(Consumer<Store.Tx> work) {
        store().transaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    // Reads in a transaction, each under a name of its own: AssertJ's overloaded assertThat cannot infer tx's type.

    default <T> Optional<T> find(Function<Store.Tx, Optional<T>> read) {
        return store().transaction(read);
    }

    default <T> List<T> list(Function<Store.Tx, List<T>> read) {
        return store().transaction(read);
    }

    default long nextGeneration() {
        return store().transaction(Store.Tx::nextGeneration);
    }

    default boolean replaced(Deployment seen, Deployment next) {
        return store().transaction(tx -> tx.replaceDeployment(seen, next));
    }
}
