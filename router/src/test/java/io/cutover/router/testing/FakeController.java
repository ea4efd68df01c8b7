package io.cutover.router.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.RoutingTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The controller's side of the routing protocol (docs/api.md), just enough to test a router's link
 * against real HTTP: the real controller lives downstream of the router module.
 *
 * <p>{@code GET /v1/routing/watch} answers with a Server-Sent Events stream that starts with a snapshot of
 * {@link #table(RoutingTable) the current table} and then carries what the test {@link #send sends}.
 * Acknowledgements and heartbeats are recorded as JSON and answered as the real controller does.
 */
public final class FakeController implements AutoCloseable {

    private static final ObjectMapper JSON = Manifests.json();
    private static final String CLOSE = "\u0000close";

    private final int port;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();
    private final List<Map<String, String>> watches = new CopyOnWriteArrayList<>();
    private final List<JsonNode> acks = new CopyOnWriteArrayList<>();
    private final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();
    private volatile RoutingTable table = RoutingTable.EMPTY;
    private volatile boolean live = true;
    private volatile boolean refuseWatches;
    private volatile boolean stallHeartbeats;
    private volatile HttpServer server;

    private FakeController(int port) {
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    /** A controller on a free port of 127.0.0.1. */
    public static FakeController start() {
        return new FakeController(0);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The table the next watch stream starts with. */
    public void table(RoutingTable table) {
        this.table = table;
    }

    /** What heartbeats are answered: whether the router counts as live. */
    public void live(boolean live) {
        this.live = live;
    }

    /** Whether watch requests get 503 (acknowledgements and heartbeats are still taken). */
    public void refuseWatches(boolean refuse) {
        this.refuseWatches = refuse;
    }

    /** Whether heartbeats go unanswered (a frozen controller: its sockets accept, it never answers). */
    public void stallHeartbeats(boolean stall) {
        this.stallHeartbeats = stall;
    }

    /** Ends every open watch stream, the server staying up. */
    public void cutStreams() {
        streams.forEach(stream -> stream.add(CLOSE));
    }

    /** Sends an event on every open watch stream. */
    public void send(String event, long id, String json) {
        String frame = frame(event, id, json);
        streams.forEach(stream -> stream.add(frame));
    }

    /**
     * Sends deltas of generations {@code base + 1 .. base + upserts.size()}, one upsert each, in one write (a
     * burst), followed in the same write by a {@code : ping} comment if {@code thenPing}.
     */
    public void sendDeltasInOneWrite(long base, List<?> upserts, boolean thenPing) {
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < upserts.size(); i++) {
            long generation = base + i + 1;
            frames.append(frame("delta", generation, Manifests.toJson(Map.of("base", generation - 1, "generation", generation,
                    "upserts", List.of(upserts.get(i)), "removals", List.of()))));
        }
        if (thenPing) {
            frames.append(": ping\n\n");
        }
        streams.forEach(stream -> stream.add(frames.toString()));
    }

    private static String frame(String event, long id, String json) {
        return "event: " + event + "\nid: " + id + "\ndata: " + json + "\n\n";
    }

    /** Sends a snapshot of {@code table} on every open watch stream. */
    public void sendSnapshot(RoutingTable table) {
        send("snapshot", table.generation(), Manifests.toJson(table));
    }

    /** Sends a delta on every open watch stream. */
    public void sendDelta(long base, long generation, Object upserts, Object removals) {
        send("delta", generation, Manifests.toJson(Map.of("base", base, "generation", generation,
                "upserts", upserts, "removals", removals)));
    }

    /** Sends a delta of a leader's term on every open watch stream. */
    public void sendDelta(long base, long generation, long term, Object upserts, Object removals) {
        send("delta", generation, Manifests.toJson(Map.of("base", base, "generation", generation, "term", term,
                "upserts", upserts, "removals", removals)));
    }

    /** Sends a {@code : ping} comment on every open watch stream. */
    public void ping() {
        streams.forEach(stream -> stream.add(": ping\n\n"));
    }

    /** Watch streams open now. */
    public int openStreams() {
        return streams.size();
    }

    /** The query parameters of every watch request so far (refused ones included), in order. */
    public List<Map<String, String>> watches() {
        return List.copyOf(watches);
    }

    public List<JsonNode> acks() {
        return List.copyOf(acks);
    }

    public List<JsonNode> heartbeats() {
        return List.copyOf(heartbeats);
    }

    /** The last heartbeat, or null. */
    public JsonNode lastHeartbeat() {
        List<JsonNode> all = heartbeats();
        return all.isEmpty() ? null : all.getLast();
    }

    /** Stops listening and cuts every stream, as a controller that went down. */
    public void stop() {
        cutStreams();
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void resume() {
        server = listen(port);
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            created.setExecutor(executor);
            created.createContext("/v1/routing/watch", this::watch);
            created.createContext("/v1/routing/acks", this::ack);
            created.createContext("/v1/routing/heartbeats", this::heartbeat);
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void watch(HttpExchange exchange) throws IOException {
        watches.add(query(exchange.getRequestURI()));
        if (refuseWatches) {
            try (exchange) {
                exchange.sendResponseHeaders(503, -1);
            }
            return;
        }
        BlockingQueue<String> stream = new LinkedBlockingQueue<>();
        RoutingTable snapshot = table;
        stream.add("event: snapshot\nid: " + snapshot.generation() + "\ndata: " + Manifests.toJson(snapshot) + "\n\n");
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        streams.add(stream);
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            while (true) {
                String frame = stream.poll(30, TimeUnit.SECONDS);
                if (frame == null || frame.equals(CLOSE)) {
                    return;
                }
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the router went away
        } finally {
            streams.remove(stream);
        }
    }

    private void ack(HttpExchange exchange) throws IOException {
        try (exchange) {
            acks.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private void heartbeat(HttpExchange exchange) throws IOException {
        try (exchange) {
            heartbeats.add(JSON.readTree(exchange.getRequestBody()));
            if (stallHeartbeats) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] body = ("{\"live\": " + live + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new ConcurrentHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
    }
}
