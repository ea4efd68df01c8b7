package io.cutover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.deploy.BlueGreenState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.manifest.StrategySpec;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SwitchWaitersTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private final SwitchWaiters waiters = new SwitchWaiters();
    private final Deployment promoting = Deployment.start(7, "hello", StrategySpec.Type.BLUE_GREEN, 1, 2, 2, T0)
            .withBlueGreen(BlueGreenState.START.promoted(), Deployment.Reason.DEPLOYING, "promoting", T0);
    private final Deployment switched = promoting.withBlueGreen(promoting.blueGreen().switchedAt(T0, null),
            Deployment.Reason.DEPLOYING, "switched", T0);

    @Test
    void completesWhenTheSwitchIsWrittenLater() {
        CompletableFuture<Deployment> waiting = waiters.whenSwitched(7, () -> Optional.of(promoting));
        assertThat(waiting).isNotDone();

        waiters.written(switched);

        assertThat(waiting).isCompletedWithValue(switched);
    }

    @Test
    void aSwitchAlreadyStoredCompletesAtOnce() {
        assertThat(waiters.whenSwitched(7, () -> Optional.of(switched))).isCompletedWithValue(switched);
    }

    @Test
    void aSwitchWrittenWhileTheStoreIsReadIsNotMissed() {
        // The switch lands after the caller's store read began but before it returned the older state: the
        // waiter must already be registered then, or nothing would ever complete it.
        CompletableFuture<Deployment> waiting = waiters.whenSwitched(7, () -> {
            waiters.written(switched);
            return Optional.of(promoting);
        });

        assertThat(waiting).isCompletedWithValue(switched);
    }

    @Test
    void writesBeforeTheSwitchIsDecidedCompleteNothing() {
        CompletableFuture<Deployment> waiting = waiters.whenSwitched(7, () -> Optional.of(promoting));

        waiters.written(promoting);

        assertThat(waiting).isNotDone();
    }
}
