package io.cutover.router.link;

import io.cutover.core.routing.RoutingTable;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the table served to the {@link TableFile} on its own thread, so writing a large table never
 * delays the next acknowledgement. Saves coalesce: while one is being written, any number of newer
 * tables make one more save, of the newest.
 */
final class TableSaver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableSaver.class);

    private final TableFile file;
    private final Supplier<RoutingTable> served;
    private final ExecutorService thread;
    private final AtomicBoolean pending = new AtomicBoolean();

    TableSaver(TableFile file, Supplier<RoutingTable> served, String routerId) {
        this.file = file;
        this.served = served;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cutover-link-save-" + routerId).factory());
    }

    /** The table served changed: save it soon. */
    void changed() {
        if (!pending.compareAndSet(false, true)) {
            return; // a save not yet started will take the newest table
        }
        try {
            thread.execute(this::save);
        } catch (RejectedExecutionException e) {
            pending.set(false); // closed
        }
    }

    private void save() {
        pending.set(false);
        RoutingTable table = served.get();
        try {
            file.write(table);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot save generation {} to {}: {}", table.generation(), file.path(), e.toString());
        }
    }

    /** Finishes the save in progress and any pending one, for at most 10 s. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
