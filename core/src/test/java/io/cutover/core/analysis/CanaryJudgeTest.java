package io.cutover.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.analysis.CanaryJudge.Sample;
import io.cutover.core.analysis.CanaryJudge.Thresholds;
import io.cutover.core.analysis.CanaryJudge.Verdict;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanaryJudgeTest {

    private static final Thresholds LIMITS = new Thresholds(1.0, null, 10, 0.95, 100);

    private static Sample sample(long requests, long errors, double medianMs, long seed) {
        Random random = new Random(seed);
        Map<Double, Long> latency = new HashMap<>();
        for (long i = 0; i < requests - errors; i++) {
            latency.merge(Math.round(medianMs * Math.exp(0.25 * random.nextGaussian()) * 20) / 20.0, 1L, Long::sum);
        }
        return new Sample(requests, errors, latency);
    }

    @Test
    void anIdenticalVersionPasses() {
        CanaryJudge.Judgement judgement = CanaryJudge.judge(sample(2000, 0, 5, 1), sample(500, 0, 5, 2), LIMITS);

        assertThat(judgement.verdict()).as(judgement.reason()).isEqualTo(Verdict.PASS);
        assertThat(judgement.latencyP()).isNotNull();
    }

    @Test
    void fivePercentErrorsFailWithTheRatesInTheReason() {
        CanaryJudge.Judgement judgement = CanaryJudge.judge(sample(2000, 0, 5, 1), sample(500, 25, 5, 2), LIMITS);

        assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judgement.reason()).contains("canary 5.00%").contains("stable 0.00%").contains("maxErrorRate 1.00%");
    }

    @Test
    void anIncreaseOverTheStableRevisionFailsWhenThatIsTheLimit() {
        Thresholds relative = new Thresholds(50, 2.0, 10, 0.95, 100);

        assertThat(CanaryJudge.judge(sample(2000, 200, 5, 1), sample(500, 55, 5, 2), relative).verdict()).isEqualTo(Verdict.PASS);
        assertThat(CanaryJudge.judge(sample(2000, 200, 5, 1), sample(500, 75, 5, 2), relative).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void fiftyPercentSlowerFailsButWithinTheToleranceDoesNot() {
        CanaryJudge.Judgement slow = CanaryJudge.judge(sample(2000, 0, 5, 1), sample(500, 0, 7.5, 2), LIMITS);
        assertThat(slow.verdict()).as(slow.reason()).isEqualTo(Verdict.FAIL);
        assertThat(slow.reason()).contains("latency median canary").contains("Mann-Whitney p =");

        CanaryJudge.Judgement slightly = CanaryJudge.judge(sample(2000, 0, 5, 1), sample(500, 0, 5.1, 2), LIMITS);
        assertThat(slightly.verdict()).as(slightly.reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void noTrafficIsInconclusiveNeverAPass() {
        CanaryJudge.Judgement none = CanaryJudge.judge(sample(2000, 0, 5, 1), new Sample(0, 0, Map.of()), LIMITS);

        assertThat(none.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(none.reason()).isEqualTo("too few requests to judge: canary 0, stable 2000 (minSamples 100)");
    }
}
