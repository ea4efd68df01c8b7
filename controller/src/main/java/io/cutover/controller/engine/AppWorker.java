package io.cutover.controller.engine;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serialises everything that happens to one app: reconcile passes, observations (exits, health changes)
 * and operators' controls run one at a time, in order. Requests for a pass that arrive while one runs
 * cause exactly one more pass.
 */
final class AppWorker {

    private static final Logger log = LoggerFactory.getLogger(AppWorker.class);

    private final String app;
    private final Runnable pass;
    private final ScheduledExecutorService timer;
    private final ExecutorService executor;
    private final AtomicBoolean passQueued = new AtomicBoolean();

    AppWorker(String app, Runnable pass, ScheduledExecutorService timer) {
        this.app = app;
        this.pass = pass;
        this.timer = timer;
        this.executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("cutover-app-" + app).factory());
    }

    /** Asks for a reconcile pass; merges with one already queued. */
    void requestPass() {
        if (passQueued.compareAndSet(false, true)) {
            submit(() -> {
                passQueued.set(false);
                pass.run();
            });
        }
    }

    /** Asks for a pass after {@code delay}. */
    void requestPassIn(Duration delay) {
        timer.schedule(this::requestPass, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} on this app's thread, after what is queued; false when the worker is closed. */
    boolean submit(Runnable work) {
        if (executor.isShutdown()) {
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.error("app {}: {}", app, e.toString(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false; // shutting down
        }
        return true;
    }

    void close() {
        executor.shutdownNow();
    }
}
