package io.cutover.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * The Cutover REST API as seen from the command line: one base URL, JSON in and out, and every
 * failure turned into a {@link CliFailure} — the API's error body (exit code 1) or an unreachable
 * server (exit code 3).
 *
 * <p>Paths are given from the root ({@code /v1/apps}); use {@link #segment(String)} for names inside them.
 */
public final class ApiClient {

    /** The server used when neither {@code --server} nor {@code CUTOVER_SERVER} says otherwise. */
    public static final String DEFAULT_SERVER = "http://127.0.0.1:7700";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> servers;
    private volatile URI base;
    private final @Nullable String token;
    private final HttpClient http;

    /** A client for the server at {@code base} ({@code http://host:port}, no path), without a token. */
    public ApiClient(URI base) {
        this(base, null, null);
    }

    /**
     * A client for the server at {@code base} ({@code http://host:port}, no path) that sends {@code token}
     * ({@code Authorization: Bearer …}) with every call, or none when it is null.
     */
    public ApiClient(URI base, @Nullable String token) {
        this(base, token, null);
    }

    /**
     * A client that sends {@code token} (or none when null) and, over https, trusts what {@code tls}
     * trusts ({@code PemTrust}); null for the JDK's trust store.
     */
    public ApiClient(URI base, @Nullable String token, @Nullable SSLContext tls) {
        this(List.of(requireNonNull(base, "base")), token, tls);
    }

    /**
     * A client of the controllers {@code servers} (docs/ha.md): it calls the first, moves on to the next when
     * one cannot be reached or has no leader ({@code 503}), and follows a follower's {@code 307} to the leader.
     */
    public ApiClient(List<URI> servers, @Nullable String token, @Nullable SSLContext tls) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: none (expected: at least one URL)");
        }
        this.servers = List.copyOf(servers);
        this.base = servers.get(0);
        this.token = token;
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (tls != null) {
            http.sslContext(tls);
        }
        this.http = http.build();
    }

    /**
     * Parses a server address as given on the command line: {@code http://host:port}, or
     * {@code host:port} (http assumed). A trailing slash is dropped.
     *
     * @throws IllegalArgumentException with the reason, if it is not an http(s) URL with a host
     */
    public static URI parseServer(String server) {
        String text = server.strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + server + "' (expected: a URL like " + DEFAULT_SERVER + ")");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + server + "' (expected: a URL like " + DEFAULT_SERVER + ")");
        }
        return uri;
    }

    /**
     * Parses a comma-separated list of server addresses ({@code CUTOVER_SERVER=URL1,URL2}), each as {@link
     * #parseServer} does.
     *
     * @throws IllegalArgumentException naming the entry that is not an http(s) URL
     */
    public static List<URI> parseServers(String servers) {
        List<URI> parsed = new java.util.ArrayList<>();
        for (String one : servers.split(",")) {
            if (!one.isBlank()) {
                parsed.add(parseServer(one));
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("'" + servers + "' (expected: one or more URLs like " + DEFAULT_SERVER + ", comma-separated)");
        }
        return List.copyOf(parsed);
    }

    /** Encodes one path segment or query value: {@code segment("a b")} is {@code a%20b}. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The server's base URL, as shown in messages: the one last answered. */
    public URI server() {
        return base;
    }

    /** GETs a JSON resource. */
    public JsonNode get(String path) {
        return send(request(path).GET(), REQUEST_TIMEOUT).json();
    }

    /** GETs a JSON resource, or empty when the server answers 404. */
    public Optional<JsonNode> find(String path) {
        Answer answer = exchange(request(path).GET(), REQUEST_TIMEOUT);
        if (answer.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(answer.orFail().json());
    }

    /** POSTs a JSON body and returns the answer. */
    public Answer post(String path, JsonNode body) {
        return post(path, writeJson(body), "application/json");
    }

    /** POSTs a body of the given content type as-is and returns the answer. */
    public Answer post(String path, byte[] body, String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)),
                REQUEST_TIMEOUT);
    }

    /** PUTs a JSON body and returns the answer. */
    public Answer put(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofByteArray(writeJson(body))),
                REQUEST_TIMEOUT);
    }

    /** DELETEs a resource and returns the answer. */
    public Answer delete(String path) {
        return send(request(path).DELETE(), REQUEST_TIMEOUT);
    }

    /**
     * Opens a streaming GET (logs, events) with no overall timeout. The caller reads and closes the
     * body. A failed status is turned into a {@link CliFailure}, as for any other call.
     */
    public HttpResponse<InputStream> stream(String path, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).GET();
        headers.forEach(request::setHeader);
        HttpResponse<InputStream> response = call(request.build(), BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                throw CliFailure.fromErrorBody(response.statusCode(),
                        new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw CliFailure.unreachable(base, e);
            }
        }
        return response;
    }

    /** Pretty-prints JSON as {@code -o json} shows it. */
    public static String pretty(JsonNode json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one JSON mapper of the CLI. */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * A status and a JSON body ({@code null} JSON node when the body was empty).
     *
     * @param status the HTTP status
     * @param body the body as text
     */
    public record Answer(int status, String body) {

        /** The body as JSON; an empty body is a JSON null. */
        public JsonNode json() {
            if (body.isBlank()) {
                return JSON.nullNode();
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw CliFailure.failed("the server's answer is not JSON: " + e.getOriginalMessage());
            }
        }

        Answer orFail() {
            if (status >= 400) {
                throw CliFailure.fromErrorBody(status, body);
            }
            return this;
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request, Duration timeout) {
        return exchange(request, timeout).orFail();
    }

    private Answer exchange(HttpRequest.Builder request, Duration timeout) {
        HttpResponse<String> response =
                call(request.timeout(timeout).build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * Sends {@code request} to the current server, else to the next ones: a server that cannot be reached
     * or answers {@code 503} (no leader right now) is passed over while another is left to try; a {@code 307}
     * or {@code 308} (a follower naming the leader) is followed with the same method, body and token (the
     * JDK's own redirects would drop the token on the way to another port), never from https to http.
     */
    private <T> HttpResponse<T> call(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        int start = servers.indexOf(base);
        for (int tried = 0; ; tried++) {
            URI server = servers.get(Math.floorMod(start + tried, servers.size()));
            HttpRequest aimed = tried == 0 ? request : HttpRequest.newBuilder(request, (n, v) -> true)
                    .uri(server.resolve(request.uri().getRawPath() + (request.uri().getRawQuery() == null ? ""
                            : "?" + request.uri().getRawQuery()))).build();
            boolean last = tried == servers.size() - 1;
            HttpResponse<T> response;
            try {
                response = followed(callOne(server, aimed, handler), aimed, handler);
            } catch (CliFailure failure) {
                if (last || failure.exitCode() != CliFailure.UNREACHABLE) {
                    throw failure;
                }
                continue;
            }
            if (response.statusCode() == 503 && !last) {
                continue;
            }
            base = server;
            return response;
        }
    }

    private <T> HttpResponse<T> followed(HttpResponse<T> response, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest current = request;
        for (int hop = 0; hop < 3 && (response.statusCode() == 307 || response.statusCode() == 308); hop++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (location.isEmpty()) {
                return response;
            }
            URI next = current.uri().resolve(location.get());
            if ("https".equals(current.uri().getScheme()) && !"https".equals(next.getScheme())) {
                throw CliFailure.failed("the server at " + current.uri().getAuthority() + " sent this call on to " + next
                        + ", from https to http; not following it");
            }
            current = HttpRequest.newBuilder(current, (n, v) -> true).uri(next).build();
            response = callOne(next, current, handler);
        }
        return response;
    }

    private <T> HttpResponse<T> callOne(URI server, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw CliFailure.unreachable(server, e);
        } catch (HttpTimeoutException e) {
            throw CliFailure.failed("the server at " + server + " did not answer "
                    + request.method() + " " + request.uri().getPath() + " within "
                    + request.timeout().map(Duration::toSeconds).orElse(0L) + "s");
        } catch (SSLHandshakeException e) {
            String reason = String.valueOf(e.getMessage()).contains("PKIX path") ? "its certificate is not trusted"
                    : CliFailure.reason(e);
            throw new CliFailure(CliFailure.UNREACHABLE, "no TLS connection to the Cutover server at " + server + " ("
                    + reason + ") — to trust its certificate, give its CA (or the certificate) as a PEM "
                    + "file with --tls-ca or CUTOVER_TLS_CA", List.of());
        } catch (IOException e) {
            throw CliFailure.unreachable(server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    private static byte[] writeJson(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
