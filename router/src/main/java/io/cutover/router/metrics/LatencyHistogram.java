package io.cutover.router.metrics;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latencies in microseconds, counted in fixed log-linear buckets: exact below 32 µs, then 32 buckets per
 * power of two, so a bucket is at most 1/32 of its values wide (a percentile read at a bucket's middle
 * is within about 1.6 %). Values from 2<sup>36</sup> µs (19 hours) on share the last bucket. The largest
 * value is kept exactly.
 *
 * <p>Recording is one {@link LongAdder} increment and a maximum that is written only when it grows:
 * no lock, no allocation, no contention between event loops (each adder stripes its cells).
 */
final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int MAX_MAGNITUDE = 35;
    private static final long LARGEST = (1L << (MAX_MAGNITUDE + 1)) - 1;
    static final int BUCKETS = SUB_BUCKETS + (MAX_MAGNITUDE + 1 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final LongAdder[] buckets = new LongAdder[BUCKETS];
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    LatencyHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Counts one latency; negative values count as 0. */
    void record(long micros) {
        long value = Math.min(Math.max(micros, 0), LARGEST);
        buckets[bucket(value)].increment();
        max.accumulate(value);
    }

    /** The counts now, each bucket read on its own (a value recorded meanwhile may be in or out). */
    Snapshot snapshot() {
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = buckets[i].sum();
            total += counts[i];
        }
        return new Snapshot(counts, total, max.get());
    }

    static int bucket(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (magnitude - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return SUB_BUCKETS + (magnitude - SUB_BUCKET_BITS) * SUB_BUCKETS + sub;
    }

    /** The smallest value that falls in a bucket. */
    static long lowest(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int shift = (bucket - SUB_BUCKETS) / SUB_BUCKETS;
        int sub = (bucket - SUB_BUCKETS) % SUB_BUCKETS;
        return (long) (SUB_BUCKETS + sub) << shift;
    }

    /** How many values fall in a bucket. */
    static long width(int bucket) {
        return bucket < SUB_BUCKETS ? 1 : 1L << ((bucket - SUB_BUCKETS) / SUB_BUCKETS);
    }

    /**
     * The counts of a histogram at one moment.
     *
     * @param counts per bucket
     * @param total the sum of the counts
     * @param max the largest value recorded, 0 if none
     */
    record Snapshot(long[] counts, long total, long max) {

        /** Nothing recorded. */
        static final Snapshot EMPTY = new Snapshot(new long[BUCKETS], 0, 0);

        /** The middle of each non-empty bucket to its count. */
        java.util.SortedMap<Long, Long> nonEmpty() {
            java.util.SortedMap<Long, Long> out = new java.util.TreeMap<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    out.put(lowest(i) + (width(i) - 1) / 2, counts[i]);
                }
            }
            return out;
        }

        /**
         * The value at or below which {@code percent} of the values fall: the middle of the bucket that
         * holds that rank, never above the largest value; 0 when nothing was recorded.
         */
        double valueAt(double percent) {
            if (total == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * total));
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(lowest(i) + (width(i) - 1) / 2.0, max);
                }
            }
            return max;
        }
    }
}
