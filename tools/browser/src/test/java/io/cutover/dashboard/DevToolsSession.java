package io.cutover.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A DevTools protocol session of its own with the page the driver shows, over the browser's debugging
 * WebSocket (the address chromedriver reports as {@code goog:chromeOptions.debuggerAddress}). Selenium's
 * {@code executeCdpCommand} answers commands but delivers no events, and a heap snapshot arrives only as
 * {@code HeapProfiler.addHeapSnapshotChunk} events.
 */
final class DevToolsSession implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();

    private DevToolsSession(URI page) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(page, new Receiver()).join();
    }

    /** A session with the page {@code driver} shows now. */
    static DevToolsSession open(ChromeDriver driver) throws IOException, InterruptedException {
        var options = (Map<?, ?>) driver.getCapabilities().getCapability("goog:chromeOptions");
        String address = String.valueOf(options.get("debuggerAddress"));
        HttpResponse<String> list = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/json/list")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        String url = driver.getCurrentUrl();
        for (JsonNode target : JSON.readTree(list.body())) {
            if ("page".equals(target.path("type").asText()) && url.equals(target.path("url").asText())) {
                return new DevToolsSession(URI.create(target.path("webSocketDebuggerUrl").asText()));
            }
        }
        throw new IllegalStateException("no DevTools target shows " + url + ": " + list.body());
    }

    /** Sends a command and waits for its result (an error answer fails). */
    JsonNode send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        var answer = new CompletableFuture<JsonNode>();
        answers.put(id, answer);
        try {
            socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
            JsonNode reply = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(method + " failed", e);
        } finally {
            answers.remove(id);
        }
    }

    /**
     * A full heap snapshot of the page (after a garbage collection), written to {@code file} as DevTools
     * saves it: a {@code .heapsnapshot} the Memory panel opens.
     */
    void writeHeapSnapshot(Path file) throws IOException {
        send("HeapProfiler.enable", Map.of());
        send("HeapProfiler.collectGarbage", Map.of());
        var failed = new AtomicReference<IOException>();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            listeners.put("HeapProfiler.addHeapSnapshotChunk", params -> {
                try {
                    out.write(params.path("chunk").asText());
                } catch (IOException e) {
                    failed.compareAndSet(null, e);
                }
            });
            try {
                send("HeapProfiler.takeHeapSnapshot", Map.of("reportProgress", false)); // answers after the last chunk
            } finally {
                listeners.remove("HeapProfiler.addHeapSnapshotChunk");
            }
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /**
     * The bytes all objects of a heap snapshot hold themselves (the sum of its nodes' {@code self_size}): the
     * page's V8 objects and Blink's, which the JavaScript heap figure leaves out.
     */
    static long totalSelfSize(Path snapshot) throws IOException {
        JsonNode root = JSON.readTree(snapshot.toFile());
        JsonNode nodes = root.path("nodes");
        int stride = root.path("snapshot").path("meta").path("node_fields").size();
        long total = 0;
        for (int i = nodeField(root, "self_size", snapshot); i < nodes.size(); i += stride) {
            total += nodes.get(i).asLong();
        }
        return total;
    }

    /** How many objects of a heap snapshot are named {@code name} (a constructor, or a Blink class such as {@code blink::MediaQuerySet}). */
    static int count(Path snapshot, String name) throws IOException {
        JsonNode root = JSON.readTree(snapshot.toFile());
        JsonNode strings = root.path("strings");
        JsonNode nodes = root.path("nodes");
        int stride = root.path("snapshot").path("meta").path("node_fields").size();
        int found = 0;
        for (int i = nodeField(root, "name", snapshot); i < nodes.size(); i += stride) {
            if (name.equals(strings.path(nodes.get(i).asInt()).asText())) {
                found++;
            }
        }
        return found;
    }

    /** Where {@code field} sits among each node's values in the snapshot's flat {@code nodes} array. */
    private static int nodeField(JsonNode root, String field, Path snapshot) throws IOException {
        JsonNode fields = root.path("snapshot").path("meta").path("node_fields");
        for (int i = 0; i < fields.size(); i++) {
            if (field.equals(fields.get(i).asText())) {
                return i;
            }
        }
        throw new IOException(snapshot + ": no " + field + " among the node fields " + fields);
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Joins a message's fragments, then hands it to the command waiting for it or to the event's listener. */
    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                dispatch(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(String text) {
            try {
                JsonNode json = JSON.readTree(text);
                if (json.has("id")) {
                    var answer = answers.get(json.get("id").asInt());
                    if (answer != null) {
                        answer.complete(json);
                    }
                } else {
                    var listener = listeners.get(json.path("method").asText());
                    if (listener != null) {
                        listener.accept(json.path("params"));
                    }
                }
            } catch (IOException e) {
                answers.values().forEach(answer -> answer.completeExceptionally(e));
            }
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            answers.values().forEach(answer -> answer.completeExceptionally(error));
        }
    }
}
