package io.cutover.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for the controller's API, for testing what the commands send and print: answers are
 * registered per {@code METHOD /path} (query excluded), and every request is recorded.
 */
final class FakeApi implements AutoCloseable {

    /** A request as the fake saw it. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** What to answer: a status, a content type and a body, or a custom writer for streams. */
    interface Handler {
        void handle(Request request, HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** The server's URL, for {@code --server}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code METHOD path} with this status and JSON body. */
    FakeApi json(String methodAndPath, int status, String body) {
        handlers.put(methodAndPath, (request, exchange) -> reply(exchange, status, "application/json", body));
        return this;
    }

    /** Answers {@code METHOD path} with a handler. */
    FakeApi on(String methodAndPath, Handler handler) {
        handlers.put(methodAndPath, handler);
        return this;
    }

    static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(request);
        Handler handler = handlers.get(request.method() + " " + request.path());
        try {
            if (handler == null) {
                reply(exchange, 404, "application/json",
                        "{\"error\": \"not_found\", \"message\": \"no route " + request.path() + "\", \"details\": []}");
            } else {
                handler.handle(request, exchange);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
