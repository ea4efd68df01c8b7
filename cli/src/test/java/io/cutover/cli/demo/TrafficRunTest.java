package io.cutover.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cutover.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrafficRunTest {

    private HttpServer router;
    private final Set<String> hostHeaders = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void allowTheHostHeaderAsTheCliDoes() {
        new Main(); // its static initializer allows the Host header before java.net.http is first used
    }

    @BeforeEach
    void startAFakeRouter() throws IOException {
        router = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        router.setExecutor(Executors.newFixedThreadPool(4));
        router.createContext("/endpoint0", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            int n = requests.incrementAndGet();
            int status = n % 10 == 0 ? 503 : 200;
            byte[] body = ("{\"host\": \"127.0.0.1:" + (9000 + n % 2) + "\", \"version\": \"1.0\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        router.start();
    }

    @AfterEach
    void stopTheFakeRouter() {
        router.stop(0);
    }

    @Test
    void sendsRequestsForTheHostnameAndCountsWhoAnswered() throws InterruptedException {
        int port = router.getAddress().getPort();

        TrafficRun.Result result = new TrafficRun(port, "hello.localhost", 3).run(Duration.ofMillis(300));

        assertThat(hostHeaders).containsExactly("hello.localhost:" + port);
        assertThat(result.byHost().keySet()).containsExactly("127.0.0.1:9000", "127.0.0.1:9001");
        assertThat(result.otherStatuses().keySet()).containsExactly(503);
        assertThat(result.total()).isEqualTo(requests.get());
        assertThat(result.failedRequests()).isZero();
        assertThat(result.latencyNanos()).hasSize(requests.get());
        assertThat(result.latencyMillis(0.5)).isLessThanOrEqualTo(result.latencyMillis(0.99));
    }

    @Test
    void countsRequestsThatGotNoAnswer() throws InterruptedException {
        int port = router.getAddress().getPort();
        router.stop(0);

        TrafficRun.Result result = new TrafficRun(port, "hello.localhost", 1).run(Duration.ofMillis(100));

        assertThat(result.ok()).isZero();
        assertThat(result.failedRequests()).isPositive();
        assertThat(result.errors().keySet()).allSatisfy(kind -> assertThat(kind).startsWith("ConnectException"));
    }

    @Test
    void summarisesPerInstanceWithSharesTotalsAndFailures() {
        TrafficRun.Result result = new TrafficRun.Result(
                new java.util.TreeMap<>(Map.of("127.0.0.1:9000", 600L, "127.0.0.1:9001", 300L)),
                new java.util.TreeMap<>(Map.of(502, 100L)), new java.util.TreeMap<>(),
                new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000}, Duration.ofSeconds(2));

        String text = Summary.render(result, Map.of("127.0.0.1:9000", "hello-1-aaaaaa"));

        assertThat(text).isEqualTo("""
                INSTANCE        ADDRESS         REQUESTS  SHARE
                hello-1-aaaaaa  127.0.0.1:9000       600  60.0%
                ?               127.0.0.1:9001       300  30.0%
                (HTTP 502)      -                    100  10.0%

                1000 requests in 2.0s: 500 req/s, latency p50 2.0 ms, p99 4.0 ms, max 4.0 ms
                900 answered by 2 instances; failures: 100 (100 non-200, 0 without an answer)
                """);
    }
}
