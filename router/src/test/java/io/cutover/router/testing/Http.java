package io.cutover.router.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A JDK HTTP/1.1 client aimed at a router, choosing the route by {@code Host} header (the tests run with
 * {@code jdk.httpclient.allowRestrictedHeaders=host}).
 */
public final class Http implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final InetSocketAddress router;

    public Http(InetSocketAddress router) {
        this.router = router;
    }

    /** A request to the router for {@code host} and {@code path}. */
    public HttpRequest.Builder request(String host, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.getPort() + path))
                .header("Host", host)
                .timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> get(String host, String path) {
        return send(request(host, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String host, String path) {
        return client.sendAsync(request(host, path).build(), HttpResponse.BodyHandlers.ofString());
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
