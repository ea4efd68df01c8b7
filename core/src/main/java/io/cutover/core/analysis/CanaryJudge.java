package io.cutover.core.analysis;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compares a canary with its stable revision over the same window (Kayenta's method): the
 * error rate against a threshold and against the stable revision's, and the latency by a one-sided
 * Mann-Whitney U test — is the canary slower than the stable revision by more than the tolerance? Too
 * few requests on either side is {@link Verdict#INCONCLUSIVE}, never a pass.
 */
public final class CanaryJudge {

    private CanaryJudge() {}

    /** What a comparison decided. */
    public enum Verdict { PASS, FAIL, INCONCLUSIVE }

    /**
     * One revision's requests in the window.
     *
     * @param requests requests that ended
     * @param errors of them, 5xx answers and requests that reached no instance
     * @param latencyMs latency in milliseconds (a bucket's value) to the number of requests
     */
    public record Sample(long requests, long errors, Map<Double, Long> latencyMs) {
        public Sample {
            if (requests < 0 || errors < 0 || errors > requests) {
                throw new IllegalArgumentException("sample: " + errors + " errors of " + requests + " requests");
            }
            latencyMs = Map.copyOf(requireNonNull(latencyMs, "latencyMs"));
        }

        double errorPercent() {
            return requests == 0 ? 0 : 100.0 * errors / requests;
        }
    }

    /**
     * The limits a canary must keep.
     *
     * @param maxErrorRate the highest error rate, in percent
     * @param maxErrorRateIncrease the most the error rate may exceed the stable revision's, in
     *     percentage points; null for no such limit
     * @param latencyTolerance how much slower than the stable revision the canary may be, in percent
     * @param confidence how sure the test must be that the canary is slower beyond the tolerance, 0..1
     * @param minSamples the fewest requests each side needs for a verdict
     */
    public record Thresholds(double maxErrorRate, @Nullable Double maxErrorRateIncrease, double latencyTolerance,
            double confidence, int minSamples) {}

    /**
     * A verdict with the numbers that decided it.
     *
     * @param latencyP the Mann-Whitney p-value of "the canary is slower beyond the tolerance"; null when
     *     the latency was not compared
     */
    public record Judgement(Verdict verdict, String reason, long canaryRequests, long stableRequests,
            double canaryErrorRate, double stableErrorRate, @Nullable Double latencyP) {}

    /** Compares {@code canary} with {@code stable}. */
    public static Judgement judge(Sample stable, Sample canary, Thresholds limits) {
        double canaryRate = canary.errorPercent();
        double stableRate = stable.errorPercent();
        if (canary.requests() < limits.minSamples() || stable.requests() < limits.minSamples()) {
            return new Judgement(Verdict.INCONCLUSIVE, "too few requests to judge: canary " + canary.requests() + ", stable "
                    + stable.requests() + " (minSamples " + limits.minSamples() + ")", canary.requests(), stable.requests(),
                    canaryRate, stableRate, null);
        }
        String rates = "error rate canary " + percent(canaryRate) + ", stable " + percent(stableRate);
        if (canaryRate > limits.maxErrorRate()) {
            return judgement(Verdict.FAIL, rates + ": over maxErrorRate " + percent(limits.maxErrorRate()), stable, canary, null);
        }
        if (limits.maxErrorRateIncrease() != null && canaryRate - stableRate > limits.maxErrorRateIncrease()) {
            return judgement(Verdict.FAIL, rates + ": more than " + percent(limits.maxErrorRateIncrease())
                    + " above the stable revision (maxErrorRateIncrease)", stable, canary, null);
        }
        if (canary.latencyMs().isEmpty() || stable.latencyMs().isEmpty()) {
            return judgement(Verdict.INCONCLUSIVE, rates + "; no latencies to compare", stable, canary, null);
        }
        Map<Double, Long> tolerated = new HashMap<>();
        double factor = 1 + limits.latencyTolerance() / 100;
        stable.latencyMs().forEach((ms, count) -> tolerated.merge(ms * factor, count, Long::sum));
        MannWhitney.Result test = MannWhitney.greater(canary.latencyMs(), tolerated);
        String latency = String.format(Locale.ROOT, "latency median canary %.2f ms, stable %.2f ms", median(canary.latencyMs()),
                median(stable.latencyMs()));
        if (test.pGreater() < 1 - limits.confidence()) {
            return judgement(Verdict.FAIL, rates + "; " + latency + ": slower by more than " + percent(limits.latencyTolerance())
                    + String.format(Locale.ROOT, " (Mann-Whitney p = %.2g < %.2g)", test.pGreater(), 1 - limits.confidence()),
                    stable, canary, test.pGreater());
        }
        return judgement(Verdict.PASS, rates + "; " + latency + String.format(Locale.ROOT,
                " (Mann-Whitney p = %.2g: not slower beyond %s)", test.pGreater(), percent(limits.latencyTolerance())),
                stable, canary, test.pGreater());
    }

    private static Judgement judgement(Verdict verdict, String reason, Sample stable, Sample canary, @Nullable Double p) {
        return new Judgement(verdict, reason, canary.requests(), stable.requests(), canary.errorPercent(), stable.errorPercent(), p);
    }

    private static double median(Map<Double, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long seen = 0;
        for (Map.Entry<Double, Long> e : new java.util.TreeMap<>(counts).entrySet()) {
            seen += e.getValue();
            if (seen * 2 >= total) {
                return e.getKey();
            }
        }
        return 0;
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f%%", value);
    }
}
