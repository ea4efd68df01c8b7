package io.cutover.controller.routing;

import io.cutover.core.routing.RoutingTable;
import io.javalin.http.sse.SseClient;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A router process connected over {@code GET /v1/routing/watch}: tables go out as Server-Sent Events, a
 * snapshot first and deltas after; acknowledgements come back as separate POSTs.
 *
 * <p>Each session writes on its own thread, in order, so a slow or frozen router never holds up the
 * publisher or the other routers.
 */
final class RemoteSession extends RouterSession {

    private final SseClient client;
    private final ExecutorService writer;
    /** The generation this router was last sent; a delta needs the router to be there. Writer thread only. */
    private long sent = -1;

    RemoteSession(String id, String address, SseClient client, Instant now, @Nullable String token) {
        super(id, false, address, now, token);
        this.client = client;
        this.writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("cutover-routing-" + id).factory());
    }

    @Override
    void send(Publication publication) {
        write(() -> {
            String generation = Long.toString(publication.table().generation());
            if (sent == publication.base()) {
                client.sendEvent("delta", publication.deltaJson(), generation);
            } else {
                client.sendEvent("snapshot", publication.tableJson(), generation);
            }
            sent = publication.table().generation();
        });
    }

    @Override
    void sendSnapshot(RoutingTable table) {
        send(Publication.snapshot(table)); // it has not been sent anything: no delta applies
    }

    /** Keeps idle connections open through proxies and notices dead ones. */
    void ping() {
        write(() -> client.sendComment("ping"));
    }

    private void write(Runnable work) {
        try {
            writer.execute(() -> {
                if (connected && !client.terminated()) {
                    work.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    void close() {
        super.close();
        writer.shutdownNow();
        try {
            client.close();
        } catch (RuntimeException e) {
            // already gone
        }
    }

    boolean terminated() {
        return !connected || client.terminated();
    }
}
