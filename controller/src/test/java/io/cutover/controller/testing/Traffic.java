package io.cutover.controller.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady traffic through the router for the length of a test: a few client threads sending requests one
 * after another, counting answers, failures and the versions that answered.
 */
public final class Traffic implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final LongAdder ok = new LongAdder();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> versions = new ConcurrentHashMap<>();
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
                    ok.increment();
                    versions.computeIfAbsent(version(response.body()), v -> new LongAdder()).increment();
                } else if (response.statusCode() == 503 && response.headers().firstValue("X-Cutover-Maintenance").isPresent()) {
                    maintenance.increment(); // the router's maintenance answer: counted apart, not a failure
                } else {
                    fail(response.statusCode() + " " + response.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                fail(e.toString());
            }
        }
    }

    private void fail(String what) {
        if (failed.incrementAndGet() <= 20) {
            failures.add(what);
        }
    }

    private static String version(String body) {
        int at = body.indexOf("\"version\"");
        if (at < 0) {
            return "-";
        }
        int start = body.indexOf('"', body.indexOf(':', at) + 1) + 1;
        return body.substring(start, body.indexOf('"', start));
    }

    public long succeeded() {
        return ok.sum();
    }

    public long failed() {
        return failed.get();
    }

    /** Answers that were a router's maintenance response (503 with {@code X-Cutover-Maintenance}). */
    public long maintenance() {
        return maintenance.sum();
    }

    /** The first failures, for assertion messages. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Successful answers per version seen. */
    public Map<String, Long> versions() {
        Map<String, Long> out = new java.util.TreeMap<>();
        versions.forEach((v, n) -> out.put(v, n.sum()));
        return out;
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
