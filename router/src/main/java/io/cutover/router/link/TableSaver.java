package io.cutover.router.link;

import io.cutover.core.routing.RoutingTable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the table served to the {@link TableFile} on its own thread, so writing a large table never
 * delays the next acknowledgement. Saves coalesce and start at most once per {@link #MIN_INTERVAL}: any
 * number of tables applied meanwhile make one more save, of the newest. A router that dies right after a
 * change may so restart on a table up to that interval older, until the controller sends it the current
 * one.
 */
final class TableSaver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TableSaver.class);

    private final TableFile file;
    private final Supplier<RoutingTable> served;
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final ScheduledExecutorService thread;
    private volatile long lastStart = System.nanoTime() - MIN_INTERVAL.toNanos();
    private final AtomicBoolean pending = new AtomicBoolean();

    TableSaver(TableFile file, Supplier<RoutingTable> served, String routerId) {
        this.file = file;
        this.served = served;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("cutover-link-save-" + routerId).factory());
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() saves what is pending itself
        this.thread = executor;
    }

    /** The table served changed: save it soon. */
    void changed() {
        if (!pending.compareAndSet(false, true)) {
            return; // a save not yet started will take the newest table
        }
        try {
            long wait = lastStart + MIN_INTERVAL.toNanos() - System.nanoTime();
            thread.schedule(this::save, Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pending.set(false); // closed
        }
    }

    private synchronized void save() {
        lastStart = System.nanoTime();
        pending.set(false);
        RoutingTable table = served.get();
        try {
            file.write(table);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot save generation {} to {}: {}", table.generation(), file.path(), e.toString());
        }
    }

    /** Lets the save in progress finish (at most 10 s), then saves a pending table at once, on this thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending.get()) {
            save();
        }
    }
}
