package io.cutover.core.analysis;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The Mann-Whitney U test on two samples given as value counts (a latency histogram: bucket value to
 * count), with ties ranked by their average and the normal approximation with tie correction and
 * continuity correction — the test Kayenta's judge uses to compare a canary with its baseline.
 */
public final class MannWhitney {

    private MannWhitney() {}

    /**
     * The outcome of a one-sided test "values of {@code a} tend to be greater than those of {@code b}".
     *
     * @param u the U statistic of {@code a}: how often a value of {@code a} exceeds one of {@code b} (ties
     *     count one half)
     * @param z the standardized statistic; positive when {@code a} tends to be greater
     * @param pGreater the probability of a U this large if both came from one distribution
     */
    public record Result(double u, double z, double pGreater) {}

    /**
     * Tests whether values of {@code a} tend to be greater than those of {@code b}.
     *
     * @param a value → count, counts positive
     * @param b value → count, counts positive
     * @throws IllegalArgumentException if a sample is empty
     */
    public static Result greater(Map<Double, Long> a, Map<Double, Long> b) {
        long na = total(a);
        long nb = total(b);
        if (na == 0 || nb == 0) {
            throw new IllegalArgumentException("samples: " + na + " and " + nb + " values (expected: at least one each)");
        }
        NavigableMap<Double, long[]> merged = new TreeMap<>();
        a.forEach((value, count) -> merged.computeIfAbsent(value, v -> new long[2])[0] += count);
        b.forEach((value, count) -> merged.computeIfAbsent(value, v -> new long[2])[1] += count);
        double rankSumA = 0;
        double tieTerm = 0;
        long below = 0;
        for (long[] counts : merged.values()) {
            long t = counts[0] + counts[1];
            double averageRank = below + (t + 1) / 2.0;
            rankSumA += averageRank * counts[0];
            tieTerm += (double) t * t * t - t;
            below += t;
        }
        double n = na + nb;
        double u = rankSumA - na * (na + 1) / 2.0;
        double mean = na * (double) nb / 2.0;
        double variance = na * (double) nb / 12.0 * ((n + 1) - tieTerm / (n * (n - 1)));
        if (variance <= 0) {
            return new Result(u, 0, 0.5); // every value equal: no evidence either way
        }
        double z = (u - mean - 0.5) / Math.sqrt(variance);
        return new Result(u, z, 1 - normalCdf(z));
    }

    private static long total(Map<Double, Long> sample) {
        long total = 0;
        for (long count : sample.values()) {
            if (count < 0) {
                throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
            }
            total += count;
        }
        return total;
    }

    /** The standard normal distribution function (Zelen and Severo, 26.2.17; error below 7.5e-8). */
    static double normalCdf(double z) {
        if (z < 0) {
            return 1 - normalCdf(-z);
        }
        double t = 1 / (1 + 0.2316419 * z);
        double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - density * poly;
    }
}
