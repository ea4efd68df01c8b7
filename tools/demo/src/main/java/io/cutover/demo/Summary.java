package io.cutover.demo;

import io.cutover.client.Table;
import io.cutover.load.Counts;
import io.cutover.load.Latency;
import io.cutover.load.LoadReport;
import java.time.Duration;
import java.util.Locale;

/** The demo's totals: requests and latency, answers per version, then the failures. */
final class Summary {

    private Summary() {}

    /**
     * Renders a run:
     *
     * <pre>
     * 3602 requests in 9.4s (383 req/s) over 8 connections; latency p50 0.61ms, p99 3.2ms, max 12ms
     *
     * VERSION  ANSWERS   SHARE
     * 1.0         1800   50.0%
     * 2.0         1802   50.0%
     *
     * failures: 0 (0 non-2xx, 0 connection errors)
     * </pre>
     */
    static String render(LoadReport report) {
        Counts totals = report.totals();
        Latency latency = totals.latency();
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%d requests in %.1fs (%.0f req/s) over %d connections; latency p50 %s, p99 %s, max %s%n",
                totals.sent(), report.elapsed().toMillis() / 1000.0, report.sentPerSecond(),
                report.options().connections(), millis(latency, latency.p50()), millis(latency, latency.p99()),
                millis(latency, latency.max())));
        if (totals.late() > 0) {
            text.append(totals.late()).append(" sent late (every connection was busy when they were due;"
                    + " their latency counts from when they were due)\n");
        }
        if (!totals.versions().isEmpty()) {
            Table versions = Table.withColumns("VERSION", "ANSWERS", "SHARE").alignRight("ANSWERS", "SHARE");
            totals.versions().forEach((version, count) -> versions.row(version, count, percent(count, totals.answered())));
            text.append('\n').append(versions.render());
        }
        text.append('\n').append(String.format(Locale.ROOT, "failures: %d (%d non-2xx, %d connection errors)%n",
                failures(totals), totals.non2xx(), totals.failed()));
        totals.statuses().forEach((status, count) -> {
            if (status / 100 != 2) {
                text.append("  ").append(count).append(" × HTTP ").append(status).append('\n');
            }
        });
        totals.errors().forEach((kind, count) -> text.append("  ").append(count).append(" × ").append(kind).append('\n'));
        return text.toString();
    }

    /** Requests without a 2xx answer: other statuses, and requests that got no answer at all. */
    static long failures(Counts counts) {
        return counts.non2xx() + counts.failed();
    }

    /** {@code 0.61ms}, {@code 3.2ms}, {@code 120ms}; {@code -} when nothing was answered. */
    static String millis(Latency latency, Duration value) {
        if (latency.count() == 0) {
            return "-";
        }
        double ms = value.toNanos() / 1e6;
        return String.format(Locale.ROOT, ms < 1 ? "%.2fms" : ms < 100 ? "%.1fms" : "%.0fms", ms);
    }

    private static String percent(long count, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * count / total);
    }
}
