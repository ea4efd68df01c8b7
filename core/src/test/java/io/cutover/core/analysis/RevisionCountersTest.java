package io.cutover.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RevisionCountersTest {

    private static RevisionCounters counters(long requests, long errors, long... bucketAndCount) {
        TreeMap<Long, Long> buckets = new TreeMap<>();
        for (int i = 0; i < bucketAndCount.length; i += 2) {
            buckets.put(bucketAndCount[i], bucketAndCount[i + 1]);
        }
        return new RevisionCounters(requests, errors, buckets);
    }

    @Test
    void aWindowIsTheDifferenceOfTwoReadingsSummedOverRouters() {
        RevisionCounters start = counters(100, 2, 1000, 60, 2000, 38).plus(counters(50, 0, 1000, 50));
        RevisionCounters end = counters(160, 5, 1000, 90, 2000, 65).plus(counters(80, 1, 1000, 79));

        RevisionCounters window = end.since(start);

        assertThat(window.requests()).isEqualTo(90);
        assertThat(window.errors()).isEqualTo(4);
        assertThat(window.latencyMicros()).containsEntry(1000L, 59L).containsEntry(2000L, 27L);
        assertThat(window.sample().latencyMs()).containsEntry(1.0, 59L).containsEntry(2.0, 27L);
    }

    @Test
    void aRouterThatRestartedDoesNotMakeTheWindowNegative() {
        RevisionCounters window = counters(10, 0, 1000, 10).since(counters(500, 20, 1000, 480));

        assertThat(window.requests()).isZero();
        assertThat(window.errors()).isZero();
        assertThat(window.latencyMicros()).isEmpty();
    }
}
