package io.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.load.Counts;
import io.cutover.load.Interval;
import io.cutover.load.Latency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionChartTest {

    private static final List<String> VERSIONS = List.of("1.0", "2.0");

    @Test
    void drawsTheFirstVersionsShareOfEachIntervalWithTheMarksThatFellInIt() {
        List<Interval> intervals = List.of(
                interval(0, 0, 1000, Map.of("1.0", 400L)),
                interval(1, 1000, 2000, Map.of("1.0", 280L, "2.0", 120L)),
                interval(2, 2000, 2437, Map.of("2.0", 175L)));
        List<VersionChart.Mark> marks = List.of(
                new VersionChart.Mark(Duration.ofMillis(1003), "deployment 2 started"),
                new VersionChart.Mark(Duration.ofMillis(1900), "deployment 2 DEPLOYED"));

        assertThat(VersionChart.render(intervals, VERSIONS, marks)).isEqualTo("""
                answers by version, interval by interval (█ 1.0  ░ 2.0):
                t=1s    1.0 ████████████████████ 100%  2.0   0%  400 answers
                t=2s    1.0 ██████████████░░░░░░  70%  2.0  30%  400 answers  ← deployment 2 started, deployment 2 DEPLOYED
                t=2.4s  1.0 ░░░░░░░░░░░░░░░░░░░░   0%  2.0 100%  175 answers
                """);
    }

    @Test
    void endsALineWithItsFailuresAndShowsVersionsNobodyExpected() {
        Counts failing = new Counts(10, 0, 0, Map.of(200, 7L, 503, 2L), Map.of("refused", 1L),
                Map.of("1.0", 5L, "2.0", 2L, "-", 2L), Latency.NONE);

        assertThat(VersionChart.render(List.of(new Interval(0, Duration.ZERO, Duration.ofSeconds(1), failing)),
                VERSIONS, List.of())).isEqualTo("""
                answers by version, interval by interval (█ 1.0  ░ 2.0, -):
                t=1s  1.0 ███████████░░░░░░░░░  56%  2.0  22%  -    22%  9 answers  failures: 503=2 refused=1
                """);
    }

    @Test
    void leavesTheBarBlankWhenNothingAnswered() {
        Interval silent = interval(0, 0, 1000, Map.of());

        assertThat(VersionChart.render(List.of(silent), VERSIONS, List.of()))
                .endsWith("t=1s  1.0                         -  2.0    -  0 answers\n");
    }

    @Test
    void givesPercentagesThatAddUpToAHundredWithoutRoundingAMinorityAway() {
        assertThat(VersionChart.percents(List.of(235L, 165L), 400)).containsExactly("59%", "41%");
        assertThat(VersionChart.percents(List.of(1L, 1L, 1L), 3)).containsExactly("34%", "33%", "33%");
        assertThat(VersionChart.percents(List.of(999L, 1L), 1000)).containsExactly(">99%", "<1%");
        assertThat(VersionChart.percents(List.of(400L, 0L), 400)).containsExactly("100%", "0%");
        assertThat(VersionChart.percents(List.of(0L, 0L), 0)).containsExactly("-", "-");
    }

    @Test
    void keepsAMarkOnTheBarForAVersionThatBarelyAnswered() {
        assertThat(VersionChart.bar(1, 1000)).isEqualTo("█" + "░".repeat(19));
        assertThat(VersionChart.bar(999, 1000)).isEqualTo("█".repeat(19) + "░");
        assertThat(VersionChart.bar(0, 10)).isEqualTo("░".repeat(20));
    }

    @Test
    void putsAMarkAfterTheLastIntervalOnTheLastLine() {
        List<Interval> intervals = List.of(interval(0, 0, 1000, Map.of("1.0", 4L)), interval(1, 1000, 1500, Map.of("1.0", 2L)));

        assertThat(VersionChart.render(intervals, VERSIONS, List.of(new VersionChart.Mark(Duration.ofSeconds(2), "late"))))
                .endsWith("2 answers  ← late\n");
    }

    private static Interval interval(int index, long startMillis, long endMillis, Map<String, Long> versions) {
        long answers = versions.values().stream().mapToLong(Long::longValue).sum();
        Counts counts = new Counts(answers, 0, 0, answers == 0 ? Map.of() : Map.of(200, answers), Map.of(), versions,
                Latency.NONE);
        return new Interval(index, Duration.ofMillis(startMillis), Duration.ofMillis(endMillis), counts);
    }
}
