package io.cutover.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PaceTest {

    private static final long START = 1_000_000_000L;

    @Test
    void sendsRateTimesDurationRequestsEvenlySpaced() {
        Pace pace = new Pace(START, 100, Duration.ofSeconds(2).toNanos(), 0, 1);

        assertThat(pace.total()).isEqualTo(200);
        assertThat(pace.dueNanos(0)).isEqualTo(START);
        assertThat(pace.dueNanos(1)).isEqualTo(START + 10_000_000);
        assertThat(pace.dueNanos(199)).isEqualTo(START + 1_990_000_000);
    }

    @Test
    void countsARequestDueBeforeTheEndOfAPartialPeriod() {
        // at 3 req/s, requests are due at 0, 333 and 666 ms: all three before a 700 ms end, two before 600 ms
        assertThat(new Pace(START, 3, Duration.ofMillis(700).toNanos(), 0, 1).total()).isEqualTo(3);
        assertThat(new Pace(START, 3, Duration.ofMillis(600).toNanos(), 0, 1).total()).isEqualTo(2);
        assertThat(new Pace(START, 3, Duration.ofMillis(667).toNanos(), 0, 1).total()).isEqualTo(3);
    }

    @Test
    void lanesShareTheScheduleWithoutGapsOrOverlaps() {
        long duration = Duration.ofSeconds(1).toNanos();
        List<Long> all = new ArrayList<>();
        for (int lane = 0; lane < 3; lane++) {
            Pace pace = new Pace(START, 100, duration, lane, 3);
            LongStream.range(0, pace.total()).forEach(k -> all.add(pace.dueNanos(k)));
        }

        Pace single = new Pace(START, 100, duration, 0, 1);
        assertThat(all).containsExactlyInAnyOrderElementsOf(
                LongStream.range(0, single.total()).map(single::dueNanos).boxed().toList());
        assertThat(new Pace(START, 100, duration, 0, 3).total()).isEqualTo(34);
        assertThat(new Pace(START, 100, duration, 2, 3).total()).isEqualTo(33);
    }

    @Test
    void staysExactForLongRunsAtHighRates() {
        Pace pace = new Pace(0, 10_000_000, Duration.ofDays(1).toNanos(), 0, 1);

        assertThat(pace.total()).isEqualTo(864_000_000_000L);
        assertThat(pace.dueNanos(pace.total() - 1)).isEqualTo(Duration.ofDays(1).toNanos() - 100);
    }
}
