package io.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.load.Counts;
import io.cutover.load.Latency;
import io.cutover.load.LoadOptions;
import io.cutover.load.LoadReport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static final LoadOptions OPTIONS = LoadOptions.builder(URI.create("http://127.0.0.1:8080/endpoint0"))
            .host("hello.localhost").rate(400).connections(8).build();
    private static final Latency LATENCY = new Latency(3600, Duration.ofNanos(610_000), Duration.ofMillis(1),
            Duration.ofNanos(3_240_000), Duration.ofMillis(8), Duration.ofMillis(121));

    @Test
    void showsTotalsLatencyAnswersPerVersionAndNoFailures() {
        Counts totals = new Counts(3600, 0, 0, Map.of(200, 3600L), Map.of(), Map.of("1.0", 1800L, "2.0", 1800L), LATENCY);

        assertThat(Summary.render(new LoadReport(OPTIONS, Duration.ofMillis(9000), true, totals, List.of()))).isEqualTo("""
                3600 requests in 9.0s (400 req/s) over 8 connections; latency p50 0.61ms, p99 3.2ms, max 121ms

                VERSION  ANSWERS  SHARE
                1.0         1800  50.0%
                2.0         1800  50.0%

                failures: 0 (0 non-2xx, 0 connection errors)
                """);
        assertThat(Summary.failures(totals)).isZero();
    }

    @Test
    void countsOtherStatusesAndUnansweredRequestsAsFailuresAndNamesThem() {
        Counts totals = new Counts(100, 3, 0, Map.of(200, 95L, 503, 2L), Map.of("refused", 2L, "reset", 1L),
                Map.of("1.0", 95L, "-", 2L), LATENCY);

        String summary = Summary.render(new LoadReport(OPTIONS, Duration.ofSeconds(1), true, totals, List.of()));

        assertThat(Summary.failures(totals)).isEqualTo(5);
        assertThat(summary)
                .contains("3 sent late (every connection was busy when they were due;")
                .endsWith("""
                        failures: 5 (2 non-2xx, 3 connection errors)
                          2 × HTTP 503
                          2 × refused
                          1 × reset
                        """);
    }
}
