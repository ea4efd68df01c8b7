package io.cutover.core.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A revision's request counters as the routers report them, cumulative since each router started:
 * requests, errors, and the latency histogram. The difference of two readings is a window of traffic.
 *
 * @param requests requests that ended
 * @param errors 5xx answers (the routers' own for requests that reached no instance included)
 * @param latencyMicros the middle of each latency bucket, in microseconds, to its count
 */
public record RevisionCounters(long requests, long errors, SortedMap<Long, Long> latencyMicros) {

    /** No requests. */
    public static final RevisionCounters NONE = new RevisionCounters(0, 0, new TreeMap<>());

    public RevisionCounters {
        latencyMicros = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(latencyMicros));
    }

    /** The counters of two routers together. */
    public RevisionCounters plus(RevisionCounters other) {
        SortedMap<Long, Long> buckets = new TreeMap<>(latencyMicros);
        other.latencyMicros.forEach((micros, count) -> buckets.merge(micros, count, Long::sum));
        return new RevisionCounters(requests + other.requests, errors + other.errors, buckets);
    }

    /**
     * What was counted since {@code earlier}; never below zero (a router that restarted meanwhile counted
     * from zero again, so its part of the window is what it counted since).
     */
    public RevisionCounters since(RevisionCounters earlier) {
        SortedMap<Long, Long> buckets = new TreeMap<>();
        latencyMicros.forEach((micros, count) -> {
            long left = count - earlier.latencyMicros.getOrDefault(micros, 0L);
            if (left > 0) {
                buckets.put(micros, left);
            }
        });
        long requestsSince = Math.max(0, requests - earlier.requests);
        return new RevisionCounters(requestsSince, Math.min(requestsSince, Math.max(0, errors - earlier.errors)), buckets);
    }

    /** A sample for the judge, latencies in milliseconds. */
    public CanaryJudge.Sample sample() {
        Map<Double, Long> millis = new HashMap<>();
        latencyMicros.forEach((micros, count) -> millis.merge(micros / 1000.0, count, Long::sum));
        return new CanaryJudge.Sample(requests, errors, millis);
    }
}
