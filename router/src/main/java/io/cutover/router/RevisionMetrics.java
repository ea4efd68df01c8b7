package io.cutover.router;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one router saw of the requests it routed to one app revision since it started (the
 * {@code revisions} of a heartbeat, docs/api.md). Each counter is read on its own, so two counters may be
 * a request apart.
 *
 * <p>A request counts once, when it ends, against the revision of the last instance it was sent to
 * (a request retried on another revision counts only there).
 *
 * @param requests requests routed to the revision that ended, whatever the outcome; a request whose
 *     client went away before a response began, or that switched protocols (101), counts here only
 * @param s2xx responses 2xx
 * @param s3xx responses 3xx
 * @param s4xx responses 4xx
 * @param s5xx responses 5xx: the instances' own, and the router's 502 and 504 for requests that reached
 *     no instance, broke off before a response, or timed out
 * @param connectFailures requests answered 502 because no instance of the route could be connected to
 *     (also counted in {@code s5xx})
 * @param latencyMs time from the request head to the end of the response, of every request that got a
 *     status
 */
public record RevisionMetrics(
        long requests,
        @JsonProperty("2xx") long s2xx,
        @JsonProperty("3xx") long s3xx,
        @JsonProperty("4xx") long s4xx,
        @JsonProperty("5xx") long s5xx,
        long connectFailures,
        Latency latencyMs) {

    public RevisionMetrics {
        requireNonNull(latencyMs, "latencyMs");
    }

    /**
     * A latency distribution in milliseconds (microsecond resolution; percentiles within about 2 %).
     *
     * @param count latencies recorded
     * @param p50 the median
     * @param p90 the 90th percentile
     * @param p99 the 99th percentile
     * @param max the largest, exact
     * @param buckets the histogram itself, for comparisons over a window (subtract an earlier heartbeat's):
     *     the middle of each non-empty bucket, in microseconds, to its count since the router started
     */
    public record Latency(long count, double p50, double p90, double p99, double max, SortedMap<Long, Long> buckets) {

        public Latency {
            buckets = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(buckets));
        }

        /** A distribution without its buckets. */
        public Latency(long count, double p50, double p90, double p99, double max) {
            this(count, p50, p90, p99, max, new TreeMap<>());
        }
    }
}
