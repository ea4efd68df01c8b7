package io.cutover.router.link;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.RoutingTable;
import io.cutover.core.sse.EventStreamParser;
import io.cutover.router.Router;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A router's link to its controller (docs/api.md, "Routing protocol"): follows the controller's route
 * table and reports back, so the controller knows what every router serves.
 *
 * <ul>
 *   <li>Watches {@code GET /v1/routing/watch}: applies each {@code snapshot}, and each {@code delta} to
 *       the table served, atomically, then posts an {@code Ack}. A table the router refuses, or a delta
 *       for another generation than the one served, is NACKed (an {@code Ack} with the error) and the
 *       router keeps serving its last good table; after a delta it cannot follow it reconnects, which
 *       gets it a snapshot.</li>
 *   <li>While the stream is open, posts a {@code Heartbeat} every second: generation, in-flight requests
 *       per instance, per-revision metrics. A router whose stream broke goes quiet, so the controller
 *       stops waiting for it after its router timeout.</li>
 *   <li>When the stream breaks or the controller cannot be reached, reconnects after 100 ms, doubling up
 *       to 5 s, with jitter; with several controllers, or after a {@code 503} (no leader yet, or one just
 *       elected), after at most 200 ms, so it finds a new leader soon after it is ready. The router keeps
 *       serving its last table meanwhile. A stream silent for 15 s (the controller pings every 5 s)
 *       counts as broken.</li>
 *   <li>With a state directory, saves the table served to {@code table.json} there (after the ack, on a thread of its
 *       own; of several tables in quick succession, the newest), and
 *       on start serves the saved table before connecting, so a router restarted while the controller is
 *       down serves its last table at once.</li>
 * </ul>
 *
 * <p>Threads: one link thread reads the stream, applies, acknowledges and saves, in order (tables that came
 * in one burst, already buffered when the first is applied, are acknowledged once, by the last); one scheduler
 * thread posts heartbeats and watches for a silent stream. Neither touches an event loop: applying a table
 * is one volatile write the event loops read.
 */
public final class ControllerLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerLink.class);
    /** How long a controller may take to answer a watch with its head: it does so at once unless it is stuck. */
    private static final Duration WATCH_HEADERS_TIMEOUT = Duration.ofSeconds(5);
    /** The longest wait before the next try while controllers fail over (one answered 503, or there are several). */
    private static final Duration FAILOVER_RETRY = Duration.ofMillis(200);

    private final Router router;
    private final String routerId;
    private final String address;
    private final ControllerClient controller;
    private final TableApplier applier;
    private final @Nullable TableFile tableFile;
    private final @Nullable TableSaver saver;
    private final ReconnectBackoff backoff;
    private final Duration heartbeatInterval;
    private final long streamIdleNanos;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private final ScheduledExecutorService heartbeats;

    private volatile boolean connected;
    private volatile boolean live;
    private volatile long lastActivity;
    private volatile @Nullable InputStream stream;

    ControllerLink(ControllerLinkBuilder b) {
        ObjectMapper json = Manifests.json().copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.router = b.router;
        this.routerId = b.routerId;
        this.address = b.address;
        this.controller = new ControllerClient(b.controllers, b.token, json, b.tls);
        this.applier = new TableApplier(b.router, b.routerId, json, b.rejectHost);
        this.tableFile = b.stateDirectory == null ? null : new TableFile(b.stateDirectory, json);
        this.saver = tableFile == null ? null : new TableSaver(tableFile, b.router::table, b.routerId);
        this.backoff = new ReconnectBackoff(b.reconnectInitial, b.reconnectMax, new SplittableRandom());
        this.streamIdleNanos = b.streamIdleTimeout.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("cutover-link-" + routerId).unstarted(this::follow);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("cutover-link-heartbeat-" + routerId).factory());
        this.heartbeatInterval = b.heartbeatInterval;
    }

    /**
     * A builder for a link of {@code router} to the controller at {@code controller}.
     *
     * @param controller the controller's base URL, e.g. {@code http://127.0.0.1:7700}
     * @param routerId the router's id, unique among the controller's routers, e.g. {@code r1}
     * @param address where clients reach this router, {@code HOST:PORT}, as the controller lists it
     */
    public static ControllerLinkBuilder builder(Router router, URI controller, String routerId, String address) {
        return new ControllerLinkBuilder(router, controller, routerId, address);
    }

    /** The router's id. */
    public String routerId() {
        return routerId;
    }

    /** Whether the watch stream is open now. */
    public boolean connected() {
        return connected;
    }

    /** Whether the controller counted this router as live at the last heartbeat. */
    public boolean live() {
        return live;
    }

    /** Serves the saved table, if any, then connects in the background. */
    void start() {
        if (tableFile != null) {
            restore(tableFile);
        }
        thread.start();
        long interval = heartbeatInterval.toNanos();
        heartbeats.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.NANOSECONDS);
    }

    private void restore(TableFile file) {
        Optional<RoutingTable> saved;
        try {
            saved = file.read();
        } catch (IOException | RuntimeException e) {
            LOG.warn("router {}: ignoring the saved table {}: {}", routerId, file.path(), e.getMessage());
            return;
        }
        if (saved.isEmpty()) {
            return;
        }
        if (applier.table(saved.get()) instanceof TableApplier.Outcome.Refused refused) {
            LOG.warn("router {}: cannot serve the saved table {} (generation {}): {}", routerId, file.path(),
                    refused.generation(), refused.error());
        } else {
            LOG.info("router {}: serving the saved table of generation {} from {}", routerId,
                    saved.get().generation(), file.path());
        }
    }

    // --- the link thread

    private void follow() {
        boolean reachable = true;
        while (!closed()) {
            boolean soon = false;
            try {
                session();
                if (!closed()) {
                    LOG.info("router {}: watch stream of {} ended; serving generation {}, reconnecting", routerId,
                            controller.base(), router.generation());
                }
                reachable = true;
            } catch (IOException e) {
                if (closed()) {
                    return;
                }
                // a controller that answered 503 is up and about to lead, or another may lead already: look again soon
                soon = e instanceof ControllerClient.UnavailableException || controller.several();
                if (connected) {
                    LOG.warn("router {}: watch stream of {} broke ({}); serving generation {}, reconnecting",
                            routerId, controller.base(), describe(e), router.generation());
                } else if (reachable) {
                    LOG.warn("router {}: controller {} unreachable ({}); serving generation {}, retrying", routerId,
                            controller.base(), describe(e), router.generation());
                }
                reachable = connected;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("router {}: unexpected failure following controller {}; reconnecting", routerId,
                        controller.base(), e);
            } finally {
                connected = false;
                live = false;
                stream = null;
            }
            Duration delay = backoff.next();
            if (soon && delay.compareTo(FAILOVER_RETRY) > 0) {
                delay = FAILOVER_RETRY;
            }
            try {
                if (closing.await(delay.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One watch stream, from connecting until it ends, breaks, or cannot be followed. */
    private void session() throws IOException, InterruptedException {
        Duration idle = Duration.ofNanos(streamIdleNanos);
        InputStream body = controller.watch(routerId, address,
                WATCH_HEADERS_TIMEOUT.compareTo(idle) < 0 ? WATCH_HEADERS_TIMEOUT : idle);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            stream = body;
            lastActivity = System.nanoTime();
            connected = true;
            if (closed()) {
                return;
            }
            LOG.info("router {}: following controller {}", routerId, controller.base());
            EventStreamParser parser = new EventStreamParser();
            long unacknowledged = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                lastActivity = System.nanoTime();
                EventStreamParser.Event event = parser.line(line);
                TableApplier.Outcome outcome = null;
                if (event != null) {
                    backoff.reset();
                    outcome = applier.event(event);
                }
                if (outcome instanceof TableApplier.Outcome.Applied applied) {
                    unacknowledged = applied.generation();
                } else if (outcome instanceof TableApplier.Outcome.Refused) {
                    if (unacknowledged > 0) {
                        answer(new TableApplier.Outcome.Applied(unacknowledged));
                        unacknowledged = 0;
                    }
                    if (!answer(outcome)) {
                        return;
                    }
                }
                // while more of the stream is here already, go on: one acknowledgement, of the last, covers a
                // burst. Checked after every line: what follows may be a comment (a ping), not a table.
                if (unacknowledged > 0 && !lines.ready()) {
                    answer(new TableApplier.Outcome.Applied(unacknowledged));
                    unacknowledged = 0;
                }
            }
        }
    }

    /** Acknowledges an outcome, then has an applied table saved; returns whether to go on with this stream. */
    private boolean answer(TableApplier.Outcome outcome) throws IOException, InterruptedException {
        switch (outcome) {
            case TableApplier.Outcome.Applied applied -> {
                controller.acknowledge(new Ack(routerId, applied.generation(), null));
                if (saver != null) {
                    saver.changed();
                }
                return true;
            }
            case TableApplier.Outcome.Refused refused -> {
                LOG.warn("router {}: refused generation {}: {}; serving generation {}", routerId,
                        refused.generation(), refused.error(), router.generation());
                controller.acknowledge(new Ack(routerId, refused.generation(), refused.error()));
                return !refused.resync();
            }
        }
    }

    // --- the heartbeat thread

    private void beat() {
        if (!connected) {
            return;
        }
        if (System.nanoTime() - lastActivity > streamIdleNanos) {
            LOG.warn("router {}: nothing from controller {} for {} ms; reconnecting", routerId, controller.base(),
                    TimeUnit.NANOSECONDS.toMillis(streamIdleNanos));
            abortStream();
            return;
        }
        try {
            live = controller.heartbeat(Heartbeat.of(routerId, address, router.generation(), router.inFlight(),
                    router.revisionMetrics(), router.certificates()));
        } catch (IOException e) {
            // the stream's controller did not answer in time (frozen, partitioned) or no longer leads:
            // look for the leader now rather than after the stream's idle timeout
            LOG.warn("router {}: heartbeat failed ({}); serving generation {}, reconnecting", routerId, describe(e),
                    router.generation());
            abortStream();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("router {}: heartbeat failed", routerId, e);
        }
    }

    private void abortStream() {
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is all we wanted
            }
        }
    }

    private boolean closed() {
        return closing.getCount() == 0;
    }

    /** Why a call failed, in a few words: the JDK client's exceptions often carry no message. */
    private static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connect timed out";
            }
            if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().isBlank())) {
                return "connection refused";
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    /**
     * Stops following the controller: no more heartbeats, the stream is closed. The router keeps serving
     * the table it has. Returns once the link's threads have ended (at most a few seconds). Closing twice
     * does nothing.
     */
    @Override
    public void close() {
        if (closed()) {
            return;
        }
        closing.countDown();
        heartbeats.shutdownNow();
        abortStream();
        controller.close();
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            heartbeats.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (saver != null) {
            saver.close();
        }
    }
}
