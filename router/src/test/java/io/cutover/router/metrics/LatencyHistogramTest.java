package io.cutover.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Test
    void bucketsAreContiguousAndAtMostAThirtySecondOfTheirValuesWide() {
        long next = 0;
        for (int bucket = 0; bucket < LatencyHistogram.BUCKETS; bucket++) {
            assertThat(LatencyHistogram.lowest(bucket)).as("bucket %d", bucket).isEqualTo(next);
            assertThat(LatencyHistogram.bucket(next)).isEqualTo(bucket);
            long last = next + LatencyHistogram.width(bucket) - 1;
            assertThat(LatencyHistogram.bucket(last)).isEqualTo(bucket);
            assertThat(LatencyHistogram.width(bucket)).isLessThanOrEqualTo(Math.max(1, next / 32));
            next = last + 1;
        }
        assertThat(next).isEqualTo(1L << 36);
    }

    @Test
    void readsPercentilesWithinTwoPercent() {
        for (long micros = 1; micros <= 100_000; micros++) {
            histogram.record(micros);
        }

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.total()).isEqualTo(100_000);
        assertThat(snapshot.max()).isEqualTo(100_000);
        assertThat(snapshot.valueAt(50)).isCloseTo(50_000, within(1_000.0));
        assertThat(snapshot.valueAt(90)).isCloseTo(90_000, within(1_800.0));
        assertThat(snapshot.valueAt(99)).isCloseTo(99_000, within(1_980.0));
        assertThat(snapshot.valueAt(100)).isCloseTo(100_000, within(2_000.0));
    }

    @Test
    void isExactForSmallValuesAndNeverAboveTheMaximum() {
        histogram.record(3);
        histogram.record(3);
        histogram.record(7);
        histogram.record(1_000_001);

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();

        assertThat(snapshot.valueAt(50)).isEqualTo(3);
        assertThat(snapshot.valueAt(75)).isEqualTo(7);
        assertThat(snapshot.valueAt(99)).isEqualTo(1_000_001);
        assertThat(snapshot.max()).isEqualTo(1_000_001);
    }

    @Test
    void readsZeroWhenEmptyAndCountsHugeAndNegativeValuesAtTheEnds() {
        assertThat(histogram.snapshot().valueAt(99)).isZero();

        histogram.record(-5);
        histogram.record(Long.MAX_VALUE);

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertThat(snapshot.total()).isEqualTo(2);
        assertThat(snapshot.valueAt(50)).isZero();
        assertThat(snapshot.max()).isEqualTo((1L << 36) - 1);
    }
}
