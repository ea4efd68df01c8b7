package io.cutover.router.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An app instance for tests: a JDK HTTP server on an ephemeral port of 127.0.0.1.
 *
 * <ul>
 *   <li>{@code /} and anything else: 200 (or the status set by {@link #answerWith}), body = the
 *       backend's name</li>
 *   <li>{@code /slow}: waits until {@link #releaseSlow()}, then 200 {@code slow done}</li>
 *   <li>{@code /upload}: reads the body, answers {@code bytes=N sha256=HEX}</li>
 *   <li>{@code /download?bytes=N}: N bytes of a repeating pattern, chunked</li>
 *   <li>{@code /download-gated?bytes=N}: the first 64 KiB, then waits for {@link #releaseSlow()}</li>
 * </ul>
 *
 * Records the headers of the last request and the client ports it saw (one per connection).
 */
public final class TestBackend implements AutoCloseable {

    public static final int GATE_BYTES = 64 * 1024;

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger slowWaiting = new AtomicInteger();
    private volatile int status = 200;
    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    private final CountDownLatch slowGate = new CountDownLatch(1);
    private final CountDownLatch firstBytesRead = new CountDownLatch(1);

    private TestBackend(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestBackend start(String name) {
        try {
            return new TestBackend(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    public int requests() {
        return requests.get();
    }

    /** Distinct connections seen so far (by client port). */
    public int connections() {
        return clientPorts.size();
    }

    public Headers lastHeaders() {
        return lastHeaders.get();
    }

    /** Requests to {@code /slow} or {@code /download-gated} waiting for {@link #releaseSlow()}. */
    public int slowWaiting() {
        return slowWaiting.get();
    }

    /** Answers {@code /} and the other plain paths with this status from now on. */
    public void answerWith(int status) {
        this.status = status;
    }

    public void releaseSlow() {
        slowGate.countDown();
    }

    /** Whether {@code /upload} has read its first bytes. */
    public boolean uploadStarted() {
        return firstBytesRead.getCount() == 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        lastHeaders.set(exchange.getRequestHeaders());
        URI uri = exchange.getRequestURI();
        try (exchange) {
            switch (uri.getPath()) {
                case "/slow" -> {
                    awaitGate();
                    reply(exchange, "slow done");
                }
                case "/upload" -> upload(exchange);
                case "/download" -> download(exchange, bytesParam(uri), false);
                case "/download-gated" -> download(exchange, bytesParam(uri), true);
                default -> reply(exchange, status, name);
            }
        }
    }

    private void awaitGate() {
        slowWaiting.incrementAndGet();
        try {
            slowGate.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            slowWaiting.decrementAndGet();
        }
    }

    private void upload(HttpExchange exchange) throws IOException {
        MessageDigest sha = sha256();
        long total = 0;
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                firstBytesRead.countDown();
                sha.update(buffer, 0, n);
                total += n;
            }
        }
        reply(exchange, "bytes=" + total + " sha256=" + HexFormat.of().formatHex(sha.digest()));
    }

    private void download(HttpExchange exchange, int bytes, boolean gated) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            byte[] pattern = Patterns.bytes(8192);
            int sent = 0;
            while (sent < bytes) {
                if (gated && sent == GATE_BYTES) {
                    out.flush();
                    awaitGate();
                }
                int n = Math.min(pattern.length, bytes - sent);
                if (gated && sent < GATE_BYTES) {
                    n = Math.min(n, GATE_BYTES - sent);
                }
                out.write(pattern, 0, n);
                sent += n;
            }
        }
    }

    private static int bytesParam(URI uri) {
        String query = uri.getQuery();
        return query == null ? 0 : Integer.parseInt(query.substring(query.indexOf('=') + 1));
    }

    private static void reply(HttpExchange exchange, String body) throws IOException {
        reply(exchange, 200, body);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        slowGate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
