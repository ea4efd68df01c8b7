package io.cutover.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    private static Map<Double, Long> sample(double... values) {
        Map<Double, Long> counts = new HashMap<>();
        for (double v : values) {
            counts.merge(v, 1L, Long::sum);
        }
        return counts;
    }

    private static Map<Double, Long> lognormal(Random random, int n, double median) {
        Map<Double, Long> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double v = Math.round(median * Math.exp(0.3 * random.nextGaussian()) * 10) / 10.0; // bucketed to 0.1
            counts.merge(v, 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void countsHowOftenOneSampleExceedsTheOther() {
        // a = {3, 4}, b = {1, 2}: every a beats every b, U = 4.
        assertThat(MannWhitney.greater(sample(3, 4), sample(1, 2)).u()).isEqualTo(4.0);
        // ties count one half: a = {1}, b = {1} -> U = 0.5
        assertThat(MannWhitney.greater(sample(1), sample(1, 2)).u()).isEqualTo(0.5);
    }

    @Test
    void findsAShiftThatIsThereAndNoneWhereThereIsNone() {
        Random random = new Random(42);
        MannWhitney.Result slower = MannWhitney.greater(lognormal(random, 500, 15), lognormal(random, 500, 10));
        assertThat(slower.z()).isGreaterThan(5);
        assertThat(slower.pGreater()).isLessThan(1e-6);

        MannWhitney.Result same = MannWhitney.greater(lognormal(random, 500, 10), lognormal(random, 500, 10));
        assertThat(same.pGreater()).isGreaterThan(0.01);
    }

    @Test
    void identicalValuesGiveNoEvidence() {
        MannWhitney.Result equal = MannWhitney.greater(Map.of(5.0, 100L), Map.of(5.0, 80L));
        assertThat(equal.pGreater()).isEqualTo(0.5);
    }

    @Test
    void theNormalDistributionFunctionIsAccurate() {
        assertThat(MannWhitney.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(MannWhitney.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(MannWhitney.normalCdf(-2.326348)).isCloseTo(0.01, within(1e-6));
    }

    @Test
    void refusesAnEmptySample() {
        assertThatThrownBy(() -> MannWhitney.greater(Map.of(), sample(1)))
                .hasMessage("samples: 0 and 1 values (expected: at least one each)");
    }
}
