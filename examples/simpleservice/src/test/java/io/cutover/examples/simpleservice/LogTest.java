package io.cutover.examples.simpleservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class LogTest {

    @Test
    void formatsTimestampsAsInstantDoesToTheSecond() {
        long[] samples = {0, 951_782_400_123L, 1_795_341_600_000L, 1_795_341_659_999L, 4_102_444_799_000L};
        for (long millis : samples) {
            String expected = Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
            assertThat(Log.timestamp(millis)).as("%d", millis).isEqualTo(expected);
        }
    }
}
