package io.cutover.controller.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady traffic through the router for the length of a test: a few client threads sending requests one
 * after another, counting answers, failures and the versions that answered.
 */
public final class Traffic implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Answers answers = new Answers();
    private final LongAdder maintenance = new LongAdder();
    private final List<Thread> threads;
    private volatile boolean running = true;

    private Traffic(int routerPort, String host, String path, int clients) {
        URI uri = URI.create("http://127.0.0.1:" + routerPort + path);
        this.threads = java.util.stream.IntStream.range(0, clients)
                .mapToObj(i -> Thread.ofPlatform().daemon().name("traffic-" + i).start(() -> loop(uri, host)))
                .toList();
    }

    /** Starts {@code clients} threads sending GET {@code path} with {@code Host: host}. */
    public static Traffic start(RunningServer server, String host, String path, int clients) {
        return new Traffic(server.routerPort(), host, path, clients);
    }

    /** Starts {@code clients} threads sending GET {@code path} with {@code Host: host} to the router on {@code routerPort}. */
    public static Traffic start(int routerPort, String host, String path, int clients) {
        return new Traffic(routerPort, host, path, clients);
    }

    private void loop(URI uri, String host) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Host", host).timeout(Duration.ofSeconds(30)).GET().build();
        while (running) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    answers.succeeded(response.body());
                } else if (response.statusCode() == 503 && response.headers().firstValue("X-Cutover-Maintenance").isPresent()) {
                    maintenance.increment(); // the router's maintenance answer: counted apart, not a failure
                } else {
                    answers.failed(response.statusCode() + " " + response.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                answers.failed(e.toString());
            }
        }
    }

    public long succeeded() {
        return answers.succeeded();
    }

    public long failed() {
        return answers.failed();
    }

    /** Answers that were a router's maintenance response (503 with {@code X-Cutover-Maintenance}). */
    public long maintenance() {
        return maintenance.sum();
    }

    /** The first failures, for assertion messages. */
    public List<String> failures() {
        return answers.failures();
    }

    /** Successful answers per version seen. */
    public Map<String, Long> versions() {
        return answers.versions();
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(35));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
