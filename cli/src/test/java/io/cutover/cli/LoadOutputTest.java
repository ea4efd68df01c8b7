package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.load.Counts;
import io.cutover.load.Interval;
import io.cutover.load.Latency;
import io.cutover.load.LoadOptions;
import io.cutover.load.LoadReport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadOutputTest {

    private static final Latency LATENCY = new Latency(200, Duration.ofNanos(1200_000), Duration.ofNanos(2500_000),
            Duration.ofMillis(4), Duration.ofMillis(150), Duration.ofMillis(151));

    @Test
    void printsAnIntervalInOneLine() {
        Counts counts = new Counts(200, 0, 0, Map.of(200, 200L), Map.of(), Map.of("2.0", 50L, "1.0", 150L), LATENCY);

        assertThat(LoadOutput.line(new Interval(2, Duration.ofSeconds(2), Duration.ofSeconds(3), counts)))
                .isEqualTo("t=3s  sent=200  2xx=200  non-2xx=0  errors=0  late=0  p50=1.2ms p99=4.0ms  versions: 1.0=150 2.0=50");
    }

    @Test
    void namesTheFailuresOfAnInterval() {
        Counts counts = new Counts(10, 2, 1, Map.of(200, 5L, 503, 3L), Map.of("refused", 2L), Map.of("1.0", 8L),
                Latency.NONE);

        assertThat(LoadOutput.line(new Interval(0, Duration.ZERO, Duration.ofMillis(500), counts)))
                .isEqualTo("t=0.5s  sent=10  2xx=5  non-2xx=3  errors=2  late=2  p50=- p99=-  versions: 1.0=8"
                        + "  failures: 503=3 refused=2  unsent=1");
    }

    @Test
    void summarizesARunInTables() {
        Counts totals = new Counts(400, 3, 0, Map.of(200, 398L, 502, 2L), Map.of(), Map.of("1.0", 100L, "2.0", 300L),
                LATENCY);
        LoadReport report = new LoadReport(LoadOptions.builder(URI.create("http://127.0.0.1:8080/")).rate(200)
                .duration(Duration.ofSeconds(2)).build(), Duration.ofSeconds(2), false, totals, List.of());

        assertThat(LoadOutput.summary(report)).isEqualTo("""
                400 requests in 2s (200.0 req/s) over 8 connections

                REQUESTS  COUNT  SHARE
                sent        400      -
                2xx         398  99.5%
                non-2xx       2   0.5%
                errors        0   0.0%
                late          3   0.8%

                STATUS  COUNT  SHARE
                200       398  99.5%
                502         2   0.5%

                VERSION  COUNT  SHARE
                1.0        100  25.0%
                2.0        300  75.0%

                LATENCY        P50    P90    P99  P99.9    MAX
                200 answers  1.2ms  2.5ms  4.0ms  150ms  151ms

                FAILED: 2 of 400 requests without a 2xx answer (2 non-2xx, 0 errors)
                """);
    }

    @Test
    void showsSecondsAndMillisecondsCompactly() {
        assertThat(LoadOutput.seconds(Duration.ofMillis(2500))).isEqualTo("2.5s");
        assertThat(LoadOutput.seconds(Duration.ofSeconds(120))).isEqualTo("120s");
        assertThat(LoadOutput.millis(LATENCY, Duration.ofNanos(120_000))).isEqualTo("0.12ms");
        assertThat(LoadOutput.millis(LATENCY, Duration.ofMillis(1234))).isEqualTo("1234ms");
    }
}
