package io.cutover.controller.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on an ephemeral port of the loopback address whose paths answer scripted statuses, in
 * order, the last one again and again; it counts the requests it answered.
 */
final class ScriptedBackend implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final AtomicInteger served = new AtomicInteger();
    private boolean closed;

    ScriptedBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** From now on {@code path} answers {@code statuses} in order, then the last one forever. */
    void script(String path, Integer... statuses) {
        scripts.put(path, new Script(List.of(statuses)));
    }

    /** Requests answered on every path. */
    int served() {
        return served.get();
    }

    /** Requests answered on {@code path}. */
    int served(String path) {
        Script script = scripts.get(path);
        return script == null ? 0 : script.served.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Script script = scripts.get(exchange.getRequestURI().getPath());
            int status = script == null ? 404 : script.next();
            served.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
        }
    }

    /** Stops listening: connections to the port are refused from now on. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }

    private static final class Script {
        private final Deque<Integer> upcoming;
        private final AtomicInteger served = new AtomicInteger();
        private int last;

        Script(List<Integer> statuses) {
            this.upcoming = new ArrayDeque<>(statuses);
            this.last = statuses.getLast();
        }

        synchronized int next() {
            served.incrementAndGet();
            Integer status = upcoming.poll();
            if (status != null) {
                last = status;
            }
            return last;
        }
    }
}
