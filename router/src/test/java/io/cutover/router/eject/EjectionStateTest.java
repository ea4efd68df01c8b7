package io.cutover.router.eject;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ejection of one instance among its revision's, with time set explicitly. */
class EjectionStateTest {

    private static final long T0 = SECONDS.toNanos(1_000);
    private static final EjectionPolicy POLICY =
            new EjectionPolicy(5, SECONDS.toNanos(2), SECONDS.toNanos(30));

    private static long at(long millis) {
        return T0 + MILLISECONDS.toNanos(millis);
    }

    /** Instances that form one revision. */
    private static EjectionState[] revision(int instances) {
        EjectionState[] states = Stream.generate(EjectionState::new).limit(instances).toArray(EjectionState[]::new);
        EjectionState.revision(states);
        return states;
    }

    /** Fails the instance until a failure ejects it or {@code limit} failures were reported. */
    private static boolean failTimes(EjectionState state, int limit, long now) {
        for (int i = 0; i < limit; i++) {
            if (state.failed(now, POLICY)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void ejectsAfterTheStreakOfFailuresForTheBaseTime() {
        EjectionState a = revision(3)[0];

        for (int i = 1; i < 5; i++) {
            assertThat(a.failed(at(0), POLICY)).as("failure %d", i).isFalse();
        }
        assertThat(a.ejected(at(0))).isFalse();
        assertThat(a.failed(at(0), POLICY)).isTrue();

        assertThat(a.ejected(at(0))).isTrue();
        assertThat(a.ejected(at(1999))).isTrue();
        assertThat(a.ejected(at(2000))).isFalse();
    }

    @Test
    void countsConnectFailuresAndServerErrorsAlikeButASuccessEndsTheStreak() {
        EjectionState a = revision(2)[0];

        failTimes(a, 4, at(0));
        a.succeeded();

        assertThat(failTimes(a, 4, at(0))).isFalse();
        assertThat(a.failed(at(0), POLICY)).isTrue();
    }

    @Test
    void ejectsForLongerEachTimeUpToTheMaximum() {
        EjectionState a = revision(2)[0];
        long now = at(0);
        long[] expectedSeconds = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 30, 30};

        for (long seconds : expectedSeconds) {
            assertThat(failTimes(a, 5, now)).isTrue();
            long end = now + SECONDS.toNanos(seconds);
            assertThat(a.ejected(end - 1)).isTrue();
            assertThat(a.ejected(end)).isFalse();
            now = end; // back in service, and failing again at once
        }
    }

    @Test
    void startsOverAfterStayingInServiceForTheMaximumEjectionTime() {
        EjectionState a = revision(2)[0];
        failTimes(a, 5, at(0));
        failTimes(a, 5, at(2000));
        assertThat(a.ejected(at(5900))).isTrue(); // the second ejection: 4 s

        // Back at 6 s, failing again 29.9 s later: still counts as recent.
        assertThat(failTimes(a, 5, at(35900))).isTrue();
        assertThat(a.ejected(at(41800))).isTrue(); // third: 6 s
        assertThat(a.ejected(at(41900))).isFalse();

        // Back at 41.9 s; in service for 30 s: the next ejection is a first one again.
        assertThat(failTimes(a, 5, at(71900))).isTrue();
        assertThat(a.ejected(at(73800))).isTrue();
        assertThat(a.ejected(at(73900))).isFalse();
    }

    @Test
    void needsAFullStreakAgainAfterAnEjection() {
        EjectionState a = revision(2)[0];
        failTimes(a, 5, at(0));

        assertThat(failTimes(a, 4, at(2000))).isFalse();
        assertThat(a.failed(at(2000), POLICY)).isTrue();
    }

    @Test
    void ignoresFailuresReportedWhileEjected() {
        EjectionState a = revision(2)[0];
        failTimes(a, 5, at(0));

        // Requests sent before the ejection, failing after it.
        assertThat(failTimes(a, 20, at(1000))).isFalse();

        assertThat(failTimes(a, 4, at(2000))).isFalse();
        assertThat(a.ejected(at(2000))).isFalse();
    }

    @Test
    void neverEjectsALoneInstance() {
        EjectionState lone = revision(1)[0];

        assertThat(failTimes(lone, 1000, at(0))).isFalse();
        assertThat(lone.ejected(at(0))).isFalse();
    }

    @Test
    void neverEjectsAnInstanceBeforeItsRevisionIsKnown() {
        EjectionState unplaced = new EjectionState();

        assertThat(failTimes(unplaced, 100, at(0))).isFalse();
    }

    @Test
    void ejectsAtMostOneOfTwoOrThree() {
        EjectionState[] two = revision(2);
        assertThat(failTimes(two[0], 5, at(0))).isTrue();
        assertThat(failTimes(two[1], 100, at(0))).isFalse();

        EjectionState[] three = revision(3);
        assertThat(failTimes(three[0], 5, at(0))).isTrue();
        assertThat(failTimes(three[1], 100, at(0))).isFalse();
        assertThat(failTimes(three[2], 100, at(0))).isFalse();
    }

    @Test
    void ejectsAnotherInstanceOnceTheCapAllowsIt() {
        EjectionState[] four = revision(4);
        assertThat(failTimes(four[0], 5, at(0))).isTrue();
        assertThat(failTimes(four[1], 5, at(1000))).isTrue();

        // Two of four out: the third keeps its traffic and its streak...
        assertThat(failTimes(four[2], 10, at(1500))).isFalse();
        assertThat(four[2].ejected(at(1500))).isFalse();

        // ...and the first failure after one of the others came back ejects it.
        assertThat(four[2].failed(at(2000), POLICY)).isTrue();
        assertThat(four[2].ejected(at(2000))).isTrue();
    }

    @Test
    void countsTheCapInTheRevisionLastAssigned() {
        EjectionState[] states = revision(2);
        failTimes(states[0], 5, at(0));

        // The revision grew: now one more may go.
        EjectionState[] grown = {states[0], states[1], new EjectionState(), new EjectionState()};
        EjectionState.revision(grown);

        assertThat(failTimes(states[1], 5, at(0))).isTrue();
    }

    @Test
    void neverEjectsWhenDisabled() {
        EjectionState a = revision(4)[0];

        for (int i = 0; i < 100; i++) {
            assertThat(a.failed(at(0), EjectionPolicy.DISABLED)).isFalse();
        }
        assertThat(a.ejected(at(0))).isFalse();
    }

    @Test
    void worksAcrossTheSignOfNanoTime() {
        EjectionState a = revision(2)[0];
        long now = -SECONDS.toNanos(2);

        assertThat(failTimes(a, 5, now)).isTrue(); // an ejection ending at 0, which means "never"
        assertThat(a.ejected(-1)).isTrue();
        assertThat(a.ejected(1)).isFalse();
        assertThat(new EjectionState().ejected(Long.MIN_VALUE + 1)).isFalse();
    }

    @Test
    void staysUnderTheCapWhenInstancesFailAtTheSameMomentOnSeveralThreads() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int round = 0; round < 2000; round++) {
                EjectionState[] four = revision(4);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (EjectionState instance : four) {
                    results.add(threads.submit(() -> {
                        go.await();
                        return failTimes(instance, 50, at(0));
                    }));
                }
                go.countDown();
                int reportedEjected = 0;
                for (Future<Boolean> result : results) {
                    reportedEjected += result.get() ? 1 : 0;
                }

                int ejected = (int) Stream.of(four).filter(instance -> instance.ejected(at(0))).count();
                assertThat(ejected).as("round %d", round).isLessThanOrEqualTo(2).isEqualTo(reportedEjected);
            }
        }
    }
}
