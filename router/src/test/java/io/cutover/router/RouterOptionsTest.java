package io.cutover.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouterOptionsTest {

    @Test
    void ejectsAfterFiveFailuresForTwoToThirtySecondsByDefault() {
        RouterOptions options = RouterOptions.defaults();

        assertThat(options.ejectAfterFailures()).isEqualTo(5);
        assertThat(options.baseEjectionTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.maxEjectionTime()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void acceptsZeroFailuresToDisableEjection() {
        assertThat(RouterOptions.builder().ejectAfterFailures(0).build().ejectAfterFailures()).isZero();
    }

    @Test
    void rejectsEjectionSettingsOutOfRange() {
        assertThatThrownBy(() -> RouterOptions.builder().ejectAfterFailures(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ejectAfterFailures: -1 (expected: >= 0, 0 to disable)");
        assertThatThrownBy(() -> RouterOptions.builder().baseEjectionTime(Duration.ZERO).build())
                .hasMessage("baseEjectionTime: PT0S (expected: at least 1 ms)");
        assertThatThrownBy(() -> RouterOptions.builder()
                        .baseEjectionTime(Duration.ofSeconds(10)).maxEjectionTime(Duration.ofSeconds(5)).build())
                .hasMessage("maxEjectionTime: PT5S (expected: >= baseEjectionTime, PT10S)");
    }
}
