package io.cutover.controller.testing;

import io.cutover.router.testing.H2Client;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady HTTP/2 traffic through a router's plain listener (h2c with prior knowledge): a few client
 * threads, each with a connection of its own, sending one request after another as streams of that
 * connection; counting answers, failed streams (any other status, a reset, a closed connection) and the
 * versions that answered.
 */
public final class H2Traffic implements AutoCloseable {

    private final LongAdder ok = new LongAdder();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> versions = new ConcurrentHashMap<>();
    private final List<Thread> threads;
    private volatile boolean running = true;

    private H2Traffic(InetSocketAddress router, String host, String path, int clients) {
        this.threads = java.util.stream.IntStream.range(0, clients)
                .mapToObj(i -> Thread.ofPlatform().daemon().name("h2-traffic-" + i).start(() -> loop(router, host, path)))
                .toList();
    }

    /** Starts {@code clients} connections sending GET {@code path} for {@code host} to the server's router. */
    public static H2Traffic start(RunningServer server, String host, String path, int clients) {
        return new H2Traffic(new InetSocketAddress("127.0.0.1", server.routerPort()), host, path, clients);
    }

    private void loop(InetSocketAddress router, String host, String path) {
        try (H2Client client = H2Client.h2c(router)) {
            while (running) {
                H2Client.Response response = client.request(H2Client.get(host, path), null).get(30, TimeUnit.SECONDS);
                if (response.status() == 200) {
                    ok.increment();
                    versions.computeIfAbsent(version(response.bodyText()), v -> new LongAdder()).increment();
                } else {
                    fail(response.status() + " " + response.reset() + " " + response.bodyText());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            fail(e.toString()); // the connection broke: every stream after it would fail too
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

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Successful answers per version seen. */
    public Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        versions.forEach((v, n) -> out.put(v, n.sum()));
        return out;
    }

    /** Stops the clients and waits for their last streams. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(java.time.Duration.ofSeconds(35));
        }
    }
}
