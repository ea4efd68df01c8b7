package io.cutover.router.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The controller's routing API as a router calls it (docs/api.md, "Routing protocol"): the watch
 * stream, acknowledgements and heartbeats, over one HTTP/1.1 client. Calls block their caller; the link
 * makes them from its own threads.
 */
final class ControllerClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    private final URI base;
    private final @Nullable String authorization;
    private final ObjectMapper json;
    private final HttpClient http;

    /**
     * @param base the controller, e.g. {@code http://127.0.0.1:7700}
     * @param token the router's token, sent with every call; null for none
     * @param tls over https, what to trust; null for the JDK's trust store
     */
    ControllerClient(URI base, @Nullable String token, ObjectMapper json, @Nullable SSLContext tls) {
        this.authorization = token == null ? null : "Bearer " + token;
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.json = json;
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
    }

    URI base() {
        return base;
    }

    /**
     * Opens {@code GET /v1/routing/watch}; returns the event stream once the controller answered 200.
     *
     * @param headersTimeout how long the answer's head may take (reading the stream has no time limit)
     * @throws IOException if the controller cannot be reached, is too slow, or answers anything else
     */
    InputStream watch(String routerId, String address, Duration headersTimeout) throws IOException, InterruptedException {
        URI uri = URI.create(base + "/v1/routing/watch?router=" + encode(routerId) + "&address=" + encode(address));
        HttpRequest request = authorized(HttpRequest.newBuilder(uri))
                .header("Accept", "text/event-stream")
                .timeout(headersTimeout)
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(300), StandardCharsets.UTF_8).strip();
            }
            throw new IOException("GET " + uri.getPath() + " answered " + response.statusCode()
                    + (body.isEmpty() ? "" : ": " + body));
        }
        return response.body();
    }

    /** Posts an acknowledgement. */
    void acknowledge(Ack ack) throws IOException, InterruptedException {
        post("/v1/routing/acks", ack);
    }

    /**
     * Posts a heartbeat.
     *
     * @return whether the controller counts this router as live
     */
    boolean heartbeat(Heartbeat heartbeat) throws IOException, InterruptedException {
        String answer = post("/v1/routing/heartbeats", heartbeat);
        if (answer.isBlank()) {
            return false;
        }
        JsonNode live = json.readTree(answer).get("live");
        return live != null && live.asBoolean();
    }

    private String post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(base + path)))
                .header("Content-Type", "application/json")
                .timeout(CALL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body().strip());
        }
        return response.body();
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Aborts every call in progress, the watch stream included. */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
