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
import java.util.List;
import java.util.function.Function;
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
    /** A heartbeat is answered in milliseconds; one that takes longer says the controller is stuck. */
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

    private final List<URI> controllers;
    /** The controller called now: one of {@link #controllers}, or the leader one of them named. */
    private volatile URI base;
    private final @Nullable String authorization;
    private final ObjectMapper json;
    private final HttpClient http;

    /**
     * @param controllers the controllers of one store, e.g. {@code http://127.0.0.1:7700}: the first is called
     *     first; a follower's {@code 307} leads to the leader, and one that cannot be reached or has no leader
     *     ({@code 503}) makes the next call go to the next
     * @param token the router's token, sent with every call; null for none
     * @param tls over https, what to trust; null for the JDK's trust store
     */
    ControllerClient(List<URI> controllers, @Nullable String token, ObjectMapper json, @Nullable SSLContext tls) {
        this.authorization = token == null ? null : "Bearer " + token;
        this.controllers = controllers.stream().map(ControllerClient::withoutSlash).toList();
        this.base = this.controllers.get(0);
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

    /** Whether there is more than one controller to try. */
    boolean several() {
        return controllers.size() > 1;
    }

    /** A controller answered, but cannot take the router now ({@code 503}: no leader yet, or one just elected). */
    static final class UnavailableException extends IOException {
        UnavailableException(String message) {
            super(message);
        }
    }

    private static URI withoutSlash(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** The next call goes to the controller after this one (this one is down or has no leader). */
    private void moveOn(URI failed) {
        int at = controllers.indexOf(failed);
        base = controllers.get((at + 1) % controllers.size());
    }

    /** A follower named the leader: calls go there from now on; false if it may not be followed. */
    private boolean follow(HttpResponse<?> response) {
        URI from = response.request().uri();
        var location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
            return false;
        }
        URI to = from.resolve(location.get());
        if (to.getScheme() == null || to.getAuthority() == null || ("https".equals(from.getScheme()) && !"https".equals(to.getScheme()))) {
            return false; // never from https to http
        }
        base = URI.create(to.getScheme() + "://" + to.getRawAuthority());
        return true;
    }

    private static boolean redirect(int status) {
        return status == 307 || status == 308;
    }

    /**
     * Opens {@code GET /v1/routing/watch}; returns the event stream once the controller answered 200.
     *
     * @param headersTimeout how long the answer's head may take (reading the stream has no time limit)
     * @throws IOException if the controller cannot be reached, is too slow, or answers anything else
     */
    InputStream watch(String routerId, String address, Duration headersTimeout) throws IOException, InterruptedException {
        String path = "/v1/routing/watch?router=" + encode(routerId) + "&address=" + encode(address);
        HttpResponse<InputStream> response = exchange(base -> authorized(HttpRequest.newBuilder(URI.create(base + path)))
                .header("Accept", "text/event-stream")
                .timeout(headersTimeout)
                .GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() == 200) {
            return response.body();
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(300), StandardCharsets.UTF_8).strip();
        }
        String answered = "GET /v1/routing/watch at " + response.request().uri().getAuthority() + " answered "
                + response.statusCode() + (body.isEmpty() ? "" : ": " + body);
        throw response.statusCode() == 503 ? new UnavailableException(answered) : new IOException(answered);
    }

    /**
     * Sends the request {@code build} makes for the controller called now. A follower's {@code 307}/{@code 308}
     * is followed (at most 3 hops) and the leader it names is called from then on; a controller that cannot be
     * reached, or answers {@code 503} (no leader), makes the next call go to the next controller.
     *
     * @throws IOException if the controller cannot be reached
     */
    private <T> HttpResponse<T> exchange(Function<URI, HttpRequest> build, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        for (int hop = 0; ; hop++) {
            URI called = base;
            HttpResponse<T> response;
            try {
                response = http.send(build.apply(called), handler);
            } catch (IOException e) {
                moveOn(called);
                throw e;
            }
            if (redirect(response.statusCode()) && hop < 3 && follow(response)) {
                discard(response);
                continue;
            }
            if (response.statusCode() == 503) {
                moveOn(called);
            }
            return response;
        }
    }

    private static void discard(HttpResponse<?> response) throws IOException {
        if (response.body() instanceof InputStream stream) {
            stream.close();
        }
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
        String answer = post("/v1/routing/heartbeats", heartbeat, HEARTBEAT_TIMEOUT);
        if (answer.isBlank()) {
            return false;
        }
        JsonNode live = json.readTree(answer).get("live");
        return live != null && live.asBoolean();
    }

    private String post(String path, Object body) throws IOException, InterruptedException {
        return post(path, body, CALL_TIMEOUT);
    }

    private String post(String path, Object body, Duration timeout) throws IOException, InterruptedException {
        byte[] bytes = bytes(body);
        HttpResponse<String> response = exchange(base -> authorized(HttpRequest.newBuilder(URI.create(base + path)))
                .header("Content-Type", "application/json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + path + " at " + response.request().uri().getAuthority() + " answered "
                    + response.statusCode() + ": " + response.body().strip());
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
