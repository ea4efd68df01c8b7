package io.cutover.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.Table;
import io.cutover.load.Counts;
import io.cutover.load.Interval;
import io.cutover.load.Latency;
import io.cutover.load.LoadOptions;
import io.cutover.load.LoadReport;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** How {@code cutover load} shows a run: a line per interval, then a summary as tables or JSON. */
final class LoadOutput {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private LoadOutput() {}

    /** What the run is about to do, in one line. */
    static String plan(LoadOptions options) {
        String rate = options.rate() == 0 ? "as fast as possible" : options.rate() + " req/s";
        String host = options.host() == null ? "" : " (Host: " + options.host() + ")";
        return "load: GET " + options.url() + host + ", " + rate + " for " + seconds(options.duration()) + " over "
                + options.connections() + (options.connections() == 1 ? " connection" : " connections")
                + " — Ctrl-C stops early";
    }

    /**
     * One interval in one line: {@code t=3s  sent=200  2xx=200  non-2xx=0  errors=0  late=0  p50=1.2ms
     * p99=4.0ms  versions: 1.0=150 2.0=50}, followed by {@code   failures: 500=3 refused=2} when there were
     * some.
     */
    static String line(Interval interval) {
        Counts counts = interval.counts();
        StringBuilder line = new StringBuilder()
                .append("t=").append(seconds(interval.end()))
                .append("  sent=").append(counts.sent())
                .append("  2xx=").append(counts.ok())
                .append("  non-2xx=").append(counts.non2xx())
                .append("  errors=").append(counts.failed())
                .append("  late=").append(counts.late())
                .append("  p50=").append(millis(counts.latency(), counts.latency().p50()))
                .append(" p99=").append(millis(counts.latency(), counts.latency().p99()))
                .append("  versions:");
        if (counts.versions().isEmpty()) {
            line.append(" none");
        }
        counts.versions().forEach((version, count) -> line.append(' ').append(version).append('=').append(count));
        if (counts.non2xx() > 0 || counts.failed() > 0) {
            line.append("  failures:");
            counts.statuses().forEach((status, count) -> {
                if (status / 100 != 2) {
                    line.append(' ').append(status).append('=').append(count);
                }
            });
            counts.errors().forEach((kind, count) -> line.append(' ').append(kind).append('=').append(count));
        }
        if (counts.unsent() > 0) {
            line.append("  unsent=").append(counts.unsent());
        }
        return line.toString();
    }

    /** The summary: totals, statuses, errors, versions and latency as tables, then the verdict. */
    static String summary(LoadReport report) {
        Counts totals = report.totals();
        long sent = totals.sent();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%d requests in %s (%.1f req/s) over %d connections%s%n%n",
                sent, seconds(report.elapsed()), report.sentPerSecond(), report.options().connections(),
                report.stoppedEarly() ? ", stopped early" : ""));

        Table requests = Table.withColumns("REQUESTS", "COUNT", "SHARE").alignRight("COUNT", "SHARE");
        requests.row("sent", sent, "");
        requests.row("2xx", totals.ok(), percent(totals.ok(), sent));
        requests.row("non-2xx", totals.non2xx(), percent(totals.non2xx(), sent));
        requests.row("errors", totals.failed(), percent(totals.failed(), sent));
        requests.row("late", totals.late(), percent(totals.late(), sent + totals.unsent()));
        if (totals.unsent() > 0) {
            requests.row("unsent", totals.unsent(), percent(totals.unsent(), sent + totals.unsent()));
        }
        text.append(requests.render());

        if (!totals.statuses().isEmpty()) {
            Table statuses = Table.withColumns("STATUS", "COUNT", "SHARE").alignRight("COUNT", "SHARE");
            totals.statuses().forEach((status, count) -> statuses.row(status, count, percent(count, sent)));
            text.append('\n').append(statuses.render());
        }
        if (!totals.errors().isEmpty()) {
            Table errors = Table.withColumns("ERROR", "COUNT", "SHARE").alignRight("COUNT", "SHARE");
            totals.errors().forEach((kind, count) -> errors.row(kind, count, percent(count, sent)));
            text.append('\n').append(errors.render());
        }
        if (!totals.versions().isEmpty()) {
            Table versions = Table.withColumns("VERSION", "COUNT", "SHARE").alignRight("COUNT", "SHARE");
            totals.versions().forEach((version, count) -> versions.row(version, count, percent(count, totals.answered())));
            text.append('\n').append(versions.render());
        }
        Latency latency = totals.latency();
        Table latencies = Table.withColumns("LATENCY", "P50", "P90", "P99", "P99.9", "MAX")
                .alignRight("P50", "P90", "P99", "P99.9", "MAX");
        latencies.row(latency.count() + " answers", millis(latency, latency.p50()), millis(latency, latency.p90()),
                millis(latency, latency.p99()), millis(latency, latency.p999()), millis(latency, latency.max()));
        text.append('\n').append(latencies.render()).append('\n');

        if (report.allOk()) {
            text.append("OK: all ").append(sent).append(" requests answered 2xx\n");
        } else {
            long failed = totals.non2xx() + totals.failed();
            text.append("FAILED: ").append(failed).append(" of ").append(sent).append(" requests without a 2xx answer (")
                    .append(totals.non2xx()).append(" non-2xx, ").append(totals.failed()).append(" errors)\n");
        }
        return text.toString();
    }

    /** The report as JSON: the options, the verdict, the totals and every interval. */
    static ObjectNode json(LoadReport report) {
        LoadOptions options = report.options();
        ObjectNode root = JSON.objectNode();
        root.put("url", options.url().toString());
        root.put("host", options.hostHeader());
        root.put("rate", options.rate());
        root.put("connections", options.connections());
        root.put("durationSeconds", secondsValue(options.duration()));
        root.put("intervalSeconds", secondsValue(options.interval()));
        root.put("elapsedSeconds", secondsValue(report.elapsed()));
        root.put("sentPerSecond", round(report.sentPerSecond(), 1));
        root.put("stoppedEarly", report.stoppedEarly());
        root.put("passed", report.allOk());
        root.set("totals", counts(report.totals()));
        ArrayNode intervals = root.putArray("intervals");
        for (Interval interval : report.intervals()) {
            ObjectNode node = intervals.addObject();
            node.put("index", interval.index());
            node.put("startSeconds", secondsValue(interval.start()));
            node.put("endSeconds", secondsValue(interval.end()));
            node.setAll(counts(interval.counts()));
        }
        return root;
    }

    private static ObjectNode counts(Counts counts) {
        ObjectNode node = JSON.objectNode();
        node.put("sent", counts.sent());
        node.put("ok", counts.ok());
        node.put("non2xx", counts.non2xx());
        node.put("errors", counts.failed());
        node.put("late", counts.late());
        node.put("unsent", counts.unsent());
        ObjectNode statuses = node.putObject("statuses");
        counts.statuses().forEach((status, count) -> statuses.put(String.valueOf(status), count));
        ObjectNode errors = node.putObject("errorKinds");
        counts.errors().forEach(errors::put);
        ObjectNode versions = node.putObject("versions");
        counts.versions().forEach(versions::put);
        Latency latency = counts.latency();
        ObjectNode millis = node.putObject("latencyMs");
        millis.put("count", latency.count());
        millis.put("p50", millisValue(latency.p50()));
        millis.put("p90", millisValue(latency.p90()));
        millis.put("p99", millisValue(latency.p99()));
        millis.put("p999", millisValue(latency.p999()));
        millis.put("max", millisValue(latency.max()));
        return node;
    }

    /** {@code 3s}, {@code 2.5s}, {@code 0.25s}: seconds without trailing zeros, to the millisecond. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + "s";
    }

    /** {@code 0.12ms}, {@code 4.0ms}, {@code 120ms}; {@code -} when nothing was measured. */
    static String millis(Latency latency, Duration value) {
        if (latency.count() == 0) {
            return "-";
        }
        double ms = value.toNanos() / 1e6;
        String format = ms < 1 ? "%.2fms" : ms < 100 ? "%.1fms" : "%.0fms";
        return String.format(Locale.ROOT, format, ms);
    }

    private static double millisValue(Duration duration) {
        return round(duration.toNanos() / 1e6, 3);
    }

    private static double secondsValue(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String percent(long count, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * count / total);
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
