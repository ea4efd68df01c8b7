package io.cutover.load.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server for load tests, on a free loopback port, that says which version it is:
 * <ul>
 *   <li>{@code /version}: 200 {@code {"version": "<version>"}}
 *   <li>{@code /fail}: 500 with the same body
 *   <li>{@code /header}: 200 {@code ok} as text, the version in {@code X-Cutover-Revision}
 *   <li>{@code /slow}: like {@code /version}, after {@link #SLOW_MILLIS} ms
 *   <li>{@code /hang}: no answer until the server stops
 * </ul>
 * Counts requests per {@code Host} header.
 */
public final class VersionServer implements AutoCloseable {

    /** How long {@code /slow} takes to answer. */
    public static final long SLOW_MILLIS = 100;

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, AtomicLong> hosts = new ConcurrentHashMap<>();
    private volatile String version = "1.0";

    /** Starts the server, answering as version 1.0. */
    public VersionServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(workers);
        server.createContext("/", this::answer);
        server.start();
    }

    /** The URL of {@code path} on this server. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** The server's port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on, answers are this version. */
    public void switchTo(String newVersion) {
        version = newVersion;
    }

    /** Requests seen per {@code Host} header. */
    public Map<String, Long> hosts() {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        hosts.forEach((host, count) -> counts.put(host, count.get()));
        return counts;
    }

    private void answer(HttpExchange exchange) throws IOException {
        hosts.computeIfAbsent(String.valueOf(exchange.getRequestHeaders().getFirst("Host")), h -> new AtomicLong())
                .incrementAndGet();
        String json = "{\"result\": {\"version\": \"nested\"}, \"version\": \"" + version + "\"}";
        try (exchange) {
            switch (exchange.getRequestURI().getPath()) {
                case "/version" -> reply(exchange, 200, json);
                case "/fail" -> reply(exchange, 500, json);
                case "/header" -> {
                    exchange.getResponseHeaders().set("X-Cutover-Revision", version);
                    reply(exchange, 200, "ok");
                }
                case "/slow" -> {
                    awaitStop(SLOW_MILLIS);
                    reply(exchange, 200, json);
                }
                case "/hang" -> awaitStop(TimeUnit.MINUTES.toMillis(1));
                default -> reply(exchange, 404, "{}");
            }
        }
    }

    private void awaitStop(long millis) {
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        workers.shutdownNow();
    }
}
