package io.cutover.router.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private final ReconnectBackoff backoff =
            new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5), new SplittableRandom(42));

    @Test
    void doublesEachWaitUpToTheCapWithJitterBetweenHalfAndAll() {
        long[] ceilings = {100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000};
        for (long ceiling : ceilings) {
            assertThat(backoff.next()).isBetween(Duration.ofMillis(ceiling / 2), Duration.ofMillis(ceiling));
        }
    }

    @Test
    void startsOverAfterAReset() {
        for (int i = 0; i < 10; i++) {
            backoff.next();
        }

        backoff.reset();

        assertThat(backoff.next()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void staysAtTheCapAfterManyFailures() {
        for (int i = 0; i < 100; i++) {
            backoff.next();
        }

        assertThat(backoff.next()).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    }
}
