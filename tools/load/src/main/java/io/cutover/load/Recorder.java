package io.cutover.load;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The counts of one interval as they are taken, by one lane, without locks: a lane owns its current
 * recorder until it hands it to the {@link Timeline}, which owns it from then on.
 */
final class Recorder {

    /** Distinct versions counted by name; more are counted as {@link #OTHER_VERSIONS}. */
    static final int MAX_VERSIONS = 100;
    static final String OTHER_VERSIONS = "(other)";

    private static final int SIGNIFICANT_DIGITS = 3;
    private static final int STATUSES = 1000;

    private long sent;
    private long late;
    private long unsent;
    private final long[] statuses = new long[STATUSES];
    private final Map<String, Long> errors = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Histogram latencyMicros = new Histogram(SIGNIFICANT_DIGITS);

    void sent() {
        sent++;
    }

    void late() {
        late++;
    }

    void unsent(long count) {
        unsent += count;
    }

    void answered(int status, String version, long latencyNanos) {
        statuses[Math.floorMod(status, STATUSES)]++;
        String key = versions.size() < MAX_VERSIONS || versions.containsKey(version) ? version : OTHER_VERSIONS;
        versions.merge(key, 1L, Long::sum);
        latencyMicros.recordValue(Math.max(0, latencyNanos / 1000));
    }

    void failed(String kind) {
        errors.merge(kind, 1L, Long::sum);
    }

    /** Adds another recorder's counts to these. */
    void add(Recorder other) {
        sent += other.sent;
        late += other.late;
        unsent += other.unsent;
        for (int i = 0; i < STATUSES; i++) {
            statuses[i] += other.statuses[i];
        }
        other.errors.forEach((kind, count) -> errors.merge(kind, count, Long::sum));
        other.versions.forEach((version, count) -> versions.merge(version, count, Long::sum));
        latencyMicros.add(other.latencyMicros);
    }

    /** The counts as an immutable value. */
    Counts counts() {
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (int i = 0; i < STATUSES; i++) {
            if (statuses[i] > 0) {
                byStatus.put(i, statuses[i]);
            }
        }
        return new Counts(sent, late, unsent, byStatus, errors, versions, Latency.of(latencyMicros));
    }
}
