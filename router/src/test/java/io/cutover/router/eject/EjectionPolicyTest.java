package io.cutover.router.eject;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EjectionPolicyTest {

    private final EjectionPolicy policy = EjectionPolicy.of(5, Duration.ofSeconds(2), Duration.ofSeconds(30));

    @Test
    void growsTheEjectionTimeWithEachEjectionUpToTheMaximum() {
        assertThat(policy.ejectionNanos(1)).isEqualTo(SECONDS.toNanos(2));
        assertThat(policy.ejectionNanos(2)).isEqualTo(SECONDS.toNanos(4));
        assertThat(policy.ejectionNanos(14)).isEqualTo(SECONDS.toNanos(28));
        assertThat(policy.ejectionNanos(15)).isEqualTo(SECONDS.toNanos(30));
        assertThat(policy.ejectionNanos(16)).isEqualTo(SECONDS.toNanos(30));
        assertThat(policy.ejectionNanos(Integer.MAX_VALUE)).isEqualTo(SECONDS.toNanos(30));
    }

    @Test
    void capsATimeThatIsNotAMultipleOfTheBase() {
        EjectionPolicy odd = new EjectionPolicy(5, 2, 5);

        assertThat(odd.ejectionNanos(2)).isEqualTo(4);
        assertThat(odd.ejectionNanos(3)).isEqualTo(5);
    }

    @Test
    void allowsAtMostHalfTheInstancesOfARevisionRoundingDown() {
        assertThat(EjectionPolicy.maxEjected(1)).isZero();
        assertThat(EjectionPolicy.maxEjected(2)).isEqualTo(1);
        assertThat(EjectionPolicy.maxEjected(3)).isEqualTo(1);
        assertThat(EjectionPolicy.maxEjected(4)).isEqualTo(2);
        assertThat(EjectionPolicy.maxEjected(5)).isEqualTo(2);
    }

    @Test
    void isDisabledByZeroFailures() {
        assertThat(EjectionPolicy.of(0, Duration.ofSeconds(2), Duration.ofSeconds(30)).enabled()).isFalse();
        assertThat(EjectionPolicy.DISABLED.enabled()).isFalse();
        assertThat(policy.enabled()).isTrue();
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThatThrownBy(() -> new EjectionPolicy(-1, 1, 1))
                .hasMessage("ejectAfterFailures: -1 (expected: >= 0, 0 to disable)");
        assertThatThrownBy(() -> new EjectionPolicy(5, 0, 1))
                .hasMessage("baseEjectionNanos: 0 (expected: > 0)");
        assertThatThrownBy(() -> new EjectionPolicy(5, 10, 9))
                .hasMessage("maxEjectionNanos: 9 (expected: >= baseEjectionNanos, 10)");
    }
}
