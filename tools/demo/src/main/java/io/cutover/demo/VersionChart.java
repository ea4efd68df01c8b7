package io.cutover.demo;

import static java.util.Objects.requireNonNull;

import io.cutover.load.Counts;
import io.cutover.load.Interval;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which versions answered, interval by interval, one line each, with a bar of the first version's share
 * of the answers ({@code █}) against the others' ({@code ░}):
 *
 * <pre>
 * t=3s  1.0 ███████████████░░░░░  75%  2.0  25%  400 answers
 * </pre>
 *
 * A line ends with its failures ({@code failures: 503=2 refused=1}) when it had some, and with the
 * labels of the {@link Mark marks} that fell in it.
 */
final class VersionChart {

    /** Cells of the bar: 5% each. */
    static final int WIDTH = 20;

    private VersionChart() {}

    /**
     * Something that happened during the run, shown on the line of the interval it fell in.
     *
     * @param at when, from the start of the run
     * @param label what, e.g. {@code deployment 2 started}
     */
    record Mark(Duration at, String label) {
        Mark {
            requireNonNull(at, "at");
            requireNonNull(label, "label");
        }
    }

    /**
     * The chart.
     *
     * @param versions the versions to show on every line, in order; the first one is the bar's {@code █}.
     *     Other versions that answered are shown after them.
     */
    static String render(List<Interval> intervals, List<String> versions, List<Mark> marks) {
        Set<String> shown = new LinkedHashSet<>(versions);
        intervals.forEach(interval -> shown.addAll(interval.counts().versions().keySet()));
        int timeWidth = intervals.stream().mapToInt(interval -> time(interval).length()).max().orElse(0);
        int versionWidth = shown.stream().mapToInt(String::length).max().orElse(0);
        List<String> columns = List.copyOf(shown);
        StringBuilder text = new StringBuilder();
        if (!columns.isEmpty()) {
            text.append("answers by version, interval by interval (█ ").append(columns.get(0));
            if (columns.size() > 1) {
                text.append("  ░ ").append(String.join(", ", columns.subList(1, columns.size())));
            }
            text.append("):\n");
        }
        for (int i = 0; i < intervals.size(); i++) {
            Interval interval = intervals.get(i);
            boolean last = i == intervals.size() - 1;
            text.append(line(interval, columns, timeWidth, versionWidth, labels(interval, last, marks)))
                    .append('\n');
        }
        return text.toString();
    }

    private static String line(Interval interval, List<String> versions, int timeWidth, int versionWidth,
            List<String> labels) {
        Counts counts = interval.counts();
        long answered = counts.answered();
        StringBuilder line = new StringBuilder(pad(time(interval), timeWidth));
        List<Long> perVersion = versions.stream().map(version -> counts.versions().getOrDefault(version, 0L)).toList();
        List<String> shares = percents(perVersion, answered);
        for (int v = 0; v < versions.size(); v++) {
            line.append("  ").append(pad(versions.get(v), versionWidth)).append(' ');
            if (v == 0) {
                line.append(bar(perVersion.get(0), answered)).append(' ');
            }
            line.append(String.format(Locale.ROOT, "%4s", shares.get(v)));
        }
        line.append("  ").append(answered).append(answered == 1 ? " answer" : " answers");
        if (counts.non2xx() > 0 || counts.failed() > 0) {
            line.append("  failures:");
            counts.statuses().forEach((status, count) -> {
                if (status / 100 != 2) {
                    line.append(' ').append(status).append('=').append(count);
                }
            });
            counts.errors().forEach((kind, count) -> line.append(' ').append(kind).append('=').append(count));
        }
        if (!labels.isEmpty()) {
            line.append("  ← ").append(String.join(", ", labels));
        }
        return line.toString();
    }

    /** The marks in {@code [start, end)} of the interval; the last interval also takes those after it. */
    private static List<String> labels(Interval interval, boolean last, List<Mark> marks) {
        List<String> labels = new ArrayList<>();
        for (Mark mark : marks) {
            boolean afterStart = mark.at().compareTo(interval.start()) >= 0 || interval.index() == 0;
            boolean beforeEnd = mark.at().compareTo(interval.end()) < 0 || last;
            if (afterStart && beforeEnd) {
                labels.add(mark.label());
            }
        }
        return labels;
    }

    /** {@code ███████████████░░░░░}: the share of {@code count} in {@code total}; blank when nothing answered. */
    static String bar(long count, long total) {
        if (total == 0) {
            return " ".repeat(WIDTH);
        }
        int full = (int) Math.round((double) WIDTH * count / total);
        // a version that answered at all shows, and one that did not answer everything leaves a mark
        if (count > 0 && full == 0) {
            full = 1;
        } else if (count < total && full == WIDTH) {
            full = WIDTH - 1;
        }
        return "█".repeat(full) + "░".repeat(WIDTH - full);
    }

    /**
     * Whole percentages of {@code total} that add up to 100 (largest remainders get the rounding), with
     * {@code <1%} and {@code >99%} rather than rounding a minority away; all {@code -} of nothing.
     */
    static List<String> percents(List<Long> counts, long total) {
        if (total == 0) {
            return counts.stream().map(count -> "-").toList();
        }
        long[] whole = new long[counts.size()];
        long given = 0;
        for (int i = 0; i < whole.length; i++) {
            whole[i] = 100 * counts.get(i) / total;
            given += whole[i];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < whole.length; i++) {
            byRemainder.add(i);
        }
        byRemainder.sort(Comparator.comparingLong((Integer i) -> 100 * counts.get(i) % total).reversed());
        long shareOfAll = 100 * counts.stream().mapToLong(Long::longValue).sum() / total;
        for (int i = 0; given < shareOfAll && i < byRemainder.size(); i++, given++) {
            whole[byRemainder.get(i)]++;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < whole.length; i++) {
            long count = counts.get(i);
            texts.add(count > 0 && whole[i] == 0 ? "<1%" : count < total && whole[i] == 100 ? ">99%" : whole[i] + "%");
        }
        return texts;
    }

    /** {@code t=3s}, {@code t=8.4s}: when the interval ended, from the start of the run. */
    static String time(Interval interval) {
        Duration end = interval.end();
        // tenths, so that the short last interval reads t=8.4s rather than t=8.437s
        BigDecimal seconds = BigDecimal.valueOf(Math.round(end.toMillis() / 100.0), 1).stripTrailingZeros();
        return "t=" + seconds.toPlainString() + "s";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
