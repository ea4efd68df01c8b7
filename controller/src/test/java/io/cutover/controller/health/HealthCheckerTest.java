package io.cutover.controller.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.cutover.core.manifest.HealthCheck;
import io.cutover.core.manifest.ReadinessCheck;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health checker against a real HTTP server: verdicts on transitions only, after the configured
 * failures in a row, grace before the first pass, readiness once, and nothing after {@code forget}.
 */
class HealthCheckerTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    /** An instance launched long enough ago that its grace period is over. */
    private static final Instant LONG_AGO = NOW.minus(Duration.ofHours(1));
    /** A check second in these tests; the intervals are a second each. */
    private static final Duration SECOND = Duration.ofMillis(20);

    private ScriptedBackend backend;
    private Verdicts verdicts;
    private HealthChecker checker;

    @BeforeEach
    void start() {
        backend = new ScriptedBackend();
        verdicts = new Verdicts(backend::served);
        checker = new HealthChecker(verdicts, Clock.fixed(NOW, ZoneOffset.UTC), SECOND);
    }

    @AfterEach
    void stop() {
        checker.close();
        backend.close();
    }

    @Test
    void aPassingCheckMakesTheInstanceHealthyOnce() {
        backend.script("/health", 200);

        checker.watch(instance("a", LONG_AGO), http("/health", 3), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.served() >= 5);

        assertThat(verdicts.changes).containsExactly(new Change("a", Health.HEALTHY, "HTTP 200", 1));
    }

    @Test
    void failuresInARowMakeTheInstanceUnhealthyAndAPassStartsTheCountAgain() {
        backend.script("/health", 200, 500, 500, 200, 500, 500, 500, 200);

        checker.watch(instance("a", LONG_AGO), http("/health", 3), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.served() >= 12);

        assertThat(verdicts.changes).containsExactly(
                new Change("a", Health.HEALTHY, "HTTP 200", 1),
                new Change("a", Health.UNHEALTHY, "3 consecutive failures, last: HTTP 500", 7),
                new Change("a", Health.HEALTHY, "HTTP 200", 8));
    }

    @Test
    void failuresInTheGracePeriodDoNotCount() {
        backend.script("/health", 500);

        checker.watch(instance("a", NOW), http("/health", 1), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.served() >= 5);

        assertThat(verdicts.changes).isEmpty();
    }

    @Test
    void theGracePeriodEndsAtTheFirstPass() {
        backend.script("/health", 500, 500, 200, 500);

        checker.watch(instance("a", NOW), http("/health", 1), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> verdicts.changes.size() >= 2);

        assertThat(verdicts.changes).containsExactly(
                new Change("a", Health.HEALTHY, "HTTP 200", 3),
                new Change("a", Health.UNHEALTHY, "1 consecutive failures, last: HTTP 500", 4));
    }

    @Test
    void readinessIsReportedOnceAndThenNoLongerPolled() {
        backend.script("/health", 200);
        backend.script("/ready", 503, 503, 200);

        checker.watch(instance("a", LONG_AGO), http("/health", 3), new ReadinessCheck("/ready", 1, 1, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> !verdicts.ready.isEmpty());
        int healthChecks = backend.served("/health");
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.served("/health") >= healthChecks + 5);

        assertThat(verdicts.ready).containsExactly("a");
        assertThat(backend.served("/ready")).isEqualTo(3);
    }

    @Test
    void anInstanceAlreadyReadyIsNotPolledForReadiness() {
        backend.script("/health", 200);
        backend.script("/ready", 200);

        checker.watch(instance("a", LONG_AGO).withReady(true), http("/health", 3), new ReadinessCheck("/ready", 1, 1, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.served("/health") >= 5);

        assertThat(backend.served("/ready")).isZero();
        assertThat(verdicts.ready).isEmpty();
    }

    @Test
    void forgetStopsTheChecksOfThatInstance() {
        backend.script("/a", 200);
        backend.script("/b", 200);
        checker.watch(instance("a", LONG_AGO), http("/a", 1), null);
        checker.watch(instance("b", LONG_AGO), http("/b", 1), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> verdicts.changes.size() >= 2);

        checker.forget("a");
        int checksOfA = backend.served("/a");
        int checksOfB = backend.served("/b");
        backend.script("/a", 500);
        backend.script("/b", 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.served("/b") >= checksOfB + 5);

        // one check of a may have been under way when it was forgotten; its answer is dropped
        assertThat(backend.served("/a")).isLessThanOrEqualTo(checksOfA + 1);
        assertThat(verdicts.changes).extracting(Change::instance, Change::health)
                .containsExactlyInAnyOrder(tuple("a", Health.HEALTHY), tuple("b", Health.HEALTHY), tuple("b", Health.UNHEALTHY));
    }

    @Test
    void withoutAHealthCheckThePortIsCheckedOverTcp() {
        checker.watch(instance("a", NOW), null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> verdicts.changes.size() >= 1);

        backend.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> verdicts.changes.size() >= 2);

        assertThat(verdicts.changes).extracting(Change::health).containsExactly(Health.HEALTHY, Health.UNHEALTHY);
        assertThat(verdicts.changes.getFirst().detail()).isEqualTo("port " + backend.port() + " accepts connections");
        assertThat(verdicts.changes.getLast().detail()).startsWith("3 consecutive failures, last: port " + backend.port());
    }

    @Test
    void aCommandCheckSeesTheInstancesAddressAndPassesWhenItExitsZero() {
        checker.watch(instance("a", "10.1.2.3", 4100, LONG_AGO), command("test \"$HOST:$PORT\" = 10.1.2.3:4100"), null);
        checker.watch(instance("b", "10.1.2.3", 4100, LONG_AGO), command("exit 3"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> verdicts.changes.size() >= 2);

        assertThat(verdicts.changes).extracting(Change::instance, Change::health, Change::detail)
                .containsExactlyInAnyOrder(tuple("a", Health.HEALTHY, "command exited with 0"),
                        tuple("b", Health.UNHEALTHY, "1 consecutive failures, last: command exited with 3"));
    }

    /** An instance listening where the backend does. */
    private Instance instance(String id, Instant startedAt) {
        return instance(id, backend.host(), backend.port(), startedAt);
    }

    private static Instance instance(String id, String host, int port, Instant startedAt) {
        return new Instance(id, "web", 1, host, port, 0, null, InstanceState.STARTING, Health.UNKNOWN, false, startedAt, "-");
    }

    /** An HTTP check every second with a grace period of 15 seconds. */
    private static HealthCheck http(String path, int maxConsecutiveFailures) {
        return new HealthCheck(HealthCheck.Protocol.HTTP, path, null, 15, 1, 1, maxConsecutiveFailures, false, null);
    }

    private static HealthCheck command(String command) {
        return new HealthCheck(HealthCheck.Protocol.COMMAND, null, command, 15, 1, 5, 1, false, null);
    }

    /** A verdict, with the number of requests the backend had answered when it came. */
    record Change(String instance, Health health, String detail, int served) {}

    /** Records what the checker reports. */
    private static final class Verdicts implements CheckListener {
        final List<Change> changes = new CopyOnWriteArrayList<>();
        final List<String> ready = new CopyOnWriteArrayList<>();
        private final IntSupplier served;

        Verdicts(IntSupplier served) {
            this.served = served;
        }

        @Override
        public void healthChanged(String instanceId, Health health, @Nullable String detail) {
            changes.add(new Change(instanceId, health, detail, served.getAsInt()));
        }

        @Override
        public void ready(String instanceId) {
            ready.add(instanceId);
        }
    }
}
