package io.cutover.cli.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.cli.ApiClient;
import io.cutover.cli.CliFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends {@code GET /endpoint0} for one hostname through the router from a fixed number of workers for
 * a fixed time, and counts who answered: the {@code host} field of each 200 answer, the other statuses,
 * and the requests that failed outright.
 */
final class TrafficRun {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final HttpRequest request;
    private final int concurrency;

    /**
     * @param routerPort the router's port on the loopback address
     * @param host the hostname the requests are for, sent in the {@code Host} header
     * @param concurrency how many workers send requests, each one at a time
     */
    TrafficRun(int routerPort, String host, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " (expected: >= 1)");
        }
        this.concurrency = concurrency;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.request = request(routerPort, requireNonNull(host, "host"));
    }

    /**
     * The request for {@code http://host:port/endpoint0}: sent to 127.0.0.1 with a {@code Host} header
     * when java.net.http allows it (the launcher's JVM does), else to {@code host} itself if it resolves
     * (to loopback, as {@code *.localhost} often does).
     */
    private static HttpRequest request(int routerPort, String host) {
        String authority = host + ":" + routerPort;
        try {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + routerPort + "/endpoint0"))
                    .header("Host", authority).timeout(REQUEST_TIMEOUT).GET().build();
        } catch (IllegalArgumentException restricted) {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw CliFailure.failed("cannot send requests for " + host + ": this JVM forbids setting the Host"
                        + " header (start it with -Djdk.httpclient.allowRestrictedHeaders=host) and " + host
                        + " does not resolve");
            }
            return HttpRequest.newBuilder(URI.create("http://" + authority + "/endpoint0"))
                    .timeout(REQUEST_TIMEOUT).GET().build();
        }
    }

    /** Sends requests for {@code duration}, then returns the counts. */
    Result run(Duration duration) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Worker worker = new Worker(deadline);
            workers.add(worker);
            worker.thread.start();
        }
        for (Worker worker : workers) {
            worker.thread.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return Result.merge(workers.stream().map(w -> w.tally).toList(), elapsed);
    }

    /** One sender, with counts of its own so workers share nothing while they run. */
    private final class Worker implements Runnable {
        final Thread thread = new Thread(this, "demo-traffic");
        final Tally tally = new Tally();
        private final long deadline;

        Worker(long deadline) {
            this.deadline = deadline;
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                long begin = System.nanoTime();
                try {
                    HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
                    tally.latency(System.nanoTime() - begin);
                    if (response.statusCode() == 200) {
                        tally.answeredBy(hostOf(response.body()));
                    } else {
                        tally.status(response.statusCode());
                    }
                } catch (IOException e) {
                    tally.error(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private static String hostOf(String body) {
            try {
                JsonNode answer = ApiClient.json().readTree(body);
                return answer.path("host").asText("?");
            } catch (IOException e) {
                return "?";
            }
        }
    }

    /** Counts kept by one worker. */
    private static final class Tally {
        final Map<String, Long> byHost = new HashMap<>();
        final Map<Integer, Long> otherStatuses = new HashMap<>();
        final Map<String, Long> errors = new HashMap<>();
        long[] latencies = new long[1024];
        int count;

        void answeredBy(String host) {
            byHost.merge(host, 1L, Long::sum);
        }

        void status(int status) {
            otherStatuses.merge(status, 1L, Long::sum);
        }

        void error(String kind) {
            errors.merge(kind, 1L, Long::sum);
        }

        void latency(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }

    /**
     * What a run saw.
     *
     * @param byHost 200 answers per answering host ({@code host:port} as simpleservice reports it)
     * @param otherStatuses answers with another status, per status
     * @param errors requests without an answer, per kind of failure
     * @param latencyNanos the latency of every answered request, sorted
     * @param elapsed how long the run took
     */
    record Result(Map<String, Long> byHost, Map<Integer, Long> otherStatuses, Map<String, Long> errors,
            long[] latencyNanos, Duration elapsed) {

        static Result merge(List<Tally> tallies, Duration elapsed) {
            Map<String, Long> byHost = new TreeMap<>();
            Map<Integer, Long> statuses = new TreeMap<>();
            Map<String, Long> errors = new TreeMap<>();
            int latencyCount = 0;
            for (Tally tally : tallies) {
                tally.byHost.forEach((k, v) -> byHost.merge(k, v, Long::sum));
                tally.otherStatuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
                tally.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
                latencyCount += tally.count;
            }
            long[] latencies = new long[latencyCount];
            int at = 0;
            for (Tally tally : tallies) {
                System.arraycopy(tally.latencies, 0, latencies, at, tally.count);
                at += tally.count;
            }
            Arrays.sort(latencies);
            return new Result(byHost, statuses, errors, latencies, elapsed);
        }

        long ok() {
            return byHost.values().stream().mapToLong(Long::longValue).sum();
        }

        long non200() {
            return otherStatuses.values().stream().mapToLong(Long::longValue).sum();
        }

        long failedRequests() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        long total() {
            return ok() + non200() + failedRequests();
        }

        double requestsPerSecond() {
            return elapsed.isZero() ? 0 : total() / (elapsed.toNanos() / 1e9);
        }

        /** The latency at fraction {@code q} (0..1) of the answered requests, in milliseconds. */
        double latencyMillis(double q) {
            if (latencyNanos.length == 0) {
                return 0;
            }
            int index = (int) Math.min(latencyNanos.length - 1, Math.ceil(q * latencyNanos.length) - 1);
            return latencyNanos[Math.max(0, index)] / 1e6;
        }
    }
}
