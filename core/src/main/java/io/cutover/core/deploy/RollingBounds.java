package io.cutover.core.deploy;

import io.cutover.core.manifest.Problem;
import io.cutover.core.manifest.StrategySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The capacity a rolling deployment keeps between: at least {@code minHealthy} routable instances, at most
 * {@code maxCapacity} instances in all (old instances count until they exited).
 *
 * <p>Marathon's arithmetic: {@code minHealthy = ceil(n·minimumHealthCapacity)}, {@code maxCapacity =
 * floor(n·(1 + maximumOverCapacity))}; when {@code minHealthy == maxCapacity <= old instances}, one extra
 * instance is allowed, or nothing could ever move. Kubernetes' spelling maps onto the same two numbers:
 * {@code minHealthy = n - maxUnavailable} (percentages rounded down), {@code maxCapacity = n + maxSurge}
 * (percentages rounded up); the one not given is 25%, and if both come to 0, one instance may be
 * unavailable.
 *
 * @param minHealthy the fewest routable instances while deploying
 * @param maxCapacity the most instances (old and new) while deploying
 */
public record RollingBounds(int minHealthy, int maxCapacity) {

    /** What {@code maxSurge} or {@code maxUnavailable} is when only the other one is given (Kubernetes' default). */
    static final String DEFAULT_AMOUNT = "25%";
    private static final Pattern COUNT_OR_PERCENT = Pattern.compile("(\\d{1,6})(%?)");

    /**
     * The bounds for a deployment to {@code instances} instances that starts with {@code oldInstances}
     * instances of other revisions.
     */
    public static RollingBounds of(StrategySpec strategy, int instances, int oldInstances) {
        int minHealthy;
        int maxCapacity;
        if (strategy.maxSurge() != null || strategy.maxUnavailable() != null) {
            int unavailable = amount(strategy.maxUnavailable(), instances, false);
            int surge = amount(strategy.maxSurge(), instances, true);
            if (unavailable == 0 && surge == 0 && instances > 0) {
                unavailable = 1; // percentages that round to nothing on few instances must still move (as Kubernetes does)
            }
            minHealthy = Math.max(0, instances - unavailable);
            maxCapacity = instances + surge;
        } else {
            double minHc = strategy.minimumHealthCapacity() == null ? 1.0 : strategy.minimumHealthCapacity();
            double maxOc = strategy.maximumOverCapacity() == null ? 1.0 : strategy.maximumOverCapacity();
            minHealthy = (int) Math.ceil(instances * minHc - 1e-9);
            maxCapacity = (int) Math.floor(instances * (1 + maxOc) + 1e-9);
            if (minHealthy == maxCapacity && maxCapacity <= oldInstances) {
                maxCapacity++;
            }
        }
        return new RollingBounds(minHealthy, maxCapacity);
    }

    /**
     * The problems of a strategy's rolling settings: the two spellings mixed, malformed counts, or a
     * combination that could never make progress. Field paths start at {@code strategy}.
     */
    public static List<Problem> problems(StrategySpec strategy) {
        List<Problem> problems = new ArrayList<>();
        boolean marathon = strategy.minimumHealthCapacity() != null || strategy.maximumOverCapacity() != null;
        boolean kubernetes = strategy.maxSurge() != null || strategy.maxUnavailable() != null;
        if (marathon && kubernetes) {
            String k8s = strategy.maxSurge() != null ? "maxSurge" : "maxUnavailable";
            String mar = strategy.minimumHealthCapacity() != null ? "minimumHealthCapacity" : "maximumOverCapacity";
            problems.add(new Problem("strategy." + k8s, "cannot be given together with strategy." + mar
                    + " (two ways to say the same thing: use maxSurge/maxUnavailable or minimumHealthCapacity/maximumOverCapacity)"));
        }
        checkAmount("strategy.maxSurge", strategy.maxSurge(), problems);
        checkAmount("strategy.maxUnavailable", strategy.maxUnavailable(), problems);
        if (problems.isEmpty() && kubernetes && isZero(strategy.maxSurge()) && isZero(strategy.maxUnavailable())) {
            problems.add(new Problem("strategy.maxUnavailable", "0 together with maxSurge 0 can never make progress"
                    + " (no instance may be added and none may be taken away): allow at least one of them"));
        }
        return problems;
    }

    private static boolean isZero(@Nullable String amount) {
        return amount != null && amount.replace("%", "").matches("0+");
    }

    private static void checkAmount(String field, @Nullable String value, List<Problem> problems) {
        if (value == null) {
            return;
        }
        Matcher m = COUNT_OR_PERCENT.matcher(value.trim());
        if (!m.matches()) {
            problems.add(new Problem(field, "\"" + value + "\" (expected: a whole number >= 0 or a percentage like 25%)"));
        } else if (!m.group(2).isEmpty() && Integer.parseInt(m.group(1)) > 100) {
            problems.add(new Problem(field, value + " (expected: 0%..100%)"));
        }
    }

    private static int amount(@Nullable String value, int instances, boolean roundUp) {
        Matcher m = COUNT_OR_PERCENT.matcher(value == null ? DEFAULT_AMOUNT : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a count or percentage: " + value);
        }
        int number = Integer.parseInt(m.group(1));
        if (m.group(2).isEmpty()) {
            return number;
        }
        double exact = instances * number / 100.0;
        return (int) (roundUp ? Math.ceil(exact - 1e-9) : Math.floor(exact + 1e-9));
    }
}
