package io.cutover.cli.demo;

import io.cutover.cli.Table;
import java.util.Locale;
import java.util.Map;

/** The demo's report: requests per instance, then totals, throughput, latency and failures. */
final class Summary {

    private Summary() {}

    /**
     * Renders a run.
     *
     * @param instanceByAddress instance ids by the {@code host:port} simpleservice reports, to name
     *     the instances that answered
     */
    static String render(TrafficRun.Result result, Map<String, String> instanceByAddress) {
        Table table = Table.withColumns("INSTANCE", "ADDRESS", "REQUESTS", "SHARE").alignRight("REQUESTS", "SHARE");
        long total = result.total();
        result.byHost().forEach((address, count) ->
                table.row(instanceByAddress.getOrDefault(address, "?"), address, count, percent(count, total)));
        result.otherStatuses().forEach((status, count) ->
                table.row("(HTTP " + status + ")", "", count, percent(count, total)));
        if (result.failedRequests() > 0) {
            table.row("(no answer)", "", result.failedRequests(), percent(result.failedRequests(), total));
        }
        StringBuilder text = new StringBuilder(table.render()).append('\n');
        text.append(String.format(Locale.ROOT, "%d requests in %.1fs: %.0f req/s, latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                total, result.elapsed().toMillis() / 1000.0, result.requestsPerSecond(),
                result.latencyMillis(0.50), result.latencyMillis(0.99), result.latencyMillis(1.0)));
        long failures = result.non200() + result.failedRequests();
        text.append(String.format(Locale.ROOT, "%d answered by %d instances; failures: %d (%d non-200, %d without an answer)%n",
                result.ok(), result.byHost().size(), failures, result.non200(), result.failedRequests()));
        result.errors().forEach((kind, count) -> text.append("  ").append(count).append(" × ").append(kind).append('\n'));
        return text.toString();
    }

    private static String percent(long count, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * count / total);
    }
}
