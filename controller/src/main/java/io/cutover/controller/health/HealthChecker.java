package io.cutover.controller.health;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.HealthCheck;
import io.cutover.core.manifest.ReadinessCheck;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Checks instances with Marathon's rules: a health check every {@code intervalSeconds}; failures inside
 * {@code gracePeriodSeconds} of launch do not count until the first pass; {@code maxConsecutiveFailures}
 * in a row make an instance unhealthy. The readiness check is polled only until it first passes.
 *
 * <p>An app without a health check gets a TCP check on its port, so no instance is routed before it
 * listens.
 */
public final class HealthChecker implements AutoCloseable {

    /** The check of an app that declares none: the port accepts connections, checked every second. */
    static final HealthCheck IMPLICIT = new HealthCheck(HealthCheck.Protocol.TCP, null, null, 60, 1, 1, 3, false, null);
    /** The check of a worker (an app without any route) that declares none: it runs. */
    static final HealthCheck WORKER = new HealthCheck(HealthCheck.Protocol.PROCESS, null, null, 0, 1, 1, 3, false, null);

    /**
     * The check an instance gets: its revision's own; else, for an app that has routes, that its port accepts
     * connections; for a worker, which has none (its manifest says {@code routes: []} and none was mapped
     * through the API), only that it runs.
     *
     * @param revision the spec of the instance's revision
     * @param routed whether the app has a route now, declared or mapped
     */
    public static HealthCheck checkOf(AppSpec revision, boolean routed) {
        if (revision.healthCheck() != null) {
            return revision.healthCheck();
        }
        return routed ? IMPLICIT : WORKER;
    }

    private final CheckListener listener;
    private final Clock clock;
    private final Probe probe;
    private final ScheduledExecutorService timer;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Duration second;

    /** A checker that reports to {@code listener}; grace periods are measured on {@code clock}. */
    public HealthChecker(CheckListener listener, Clock clock) {
        this(listener, clock, Duration.ofSeconds(1));
    }

    /**
     * A checker whose check intervals last {@code second} per {@code intervalSeconds}: tests shorten it to
     * see many checks quickly. Grace periods and timeouts are not scaled.
     */
    HealthChecker(CheckListener listener, Clock clock, Duration second) {
        this.listener = listener;
        this.clock = clock;
        this.second = second;
        this.probe = new Probe(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).executor(Executors.newVirtualThreadPerTaskExecutor()).build());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cutover-health-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts checking an instance.
     *
     * @param health the app's health check, or null for the implicit TCP check
     * @param readiness the app's readiness check, or null when the instance is ready at once
     */
    public void watch(Instance instance, @Nullable HealthCheck health, @Nullable ReadinessCheck readiness) {
        HealthCheck check = health == null ? IMPLICIT : health;
        Watch watch = new Watch(instance, check, instance.ready() ? null : readiness);
        Watch previous = watches.put(instance.id(), watch);
        if (previous != null) {
            previous.cancel();
        }
        watch.start();
    }

    /** Stops checking an instance (it is being stopped, or is gone). */
    public void forget(String instanceId) {
        Watch watch = watches.remove(instanceId);
        if (watch != null) {
            watch.cancel();
            probe.forget(watch.instance.host(), watch.instance.port());
        }
    }

    @Override
    public void close() {
        watches.values().forEach(Watch::cancel);
        watches.clear();
        timer.shutdownNow();
        probe.close();
    }

    /** The checks of one instance. Runs one probe at a time per kind, each on a virtual thread. */
    private final class Watch {
        private final Instance instance;
        private final HealthCheck check;
        private final @Nullable ReadinessCheck readiness;
        private final Instant launchedAt;
        private volatile boolean cancelled;
        private volatile @Nullable ScheduledFuture<?> healthTask;
        private volatile @Nullable ScheduledFuture<?> readyTask;
        private Health health;
        private int failures;
        private boolean passedOnce;

        Watch(Instance instance, HealthCheck check, @Nullable ReadinessCheck readiness) {
            this.instance = instance;
            this.check = check;
            this.readiness = readiness;
            this.launchedAt = instance.startedAt();
            this.health = instance.health();
            this.passedOnce = instance.health() == Health.HEALTHY;
        }

        void start() {
            healthTask = timer.scheduleWithFixedDelay(() -> Thread.startVirtualThread(this::checkHealth),
                    0, second.toMillis() * check.intervalSeconds(), TimeUnit.MILLISECONDS);
            if (readiness != null) {
                readyTask = timer.scheduleWithFixedDelay(() -> Thread.startVirtualThread(this::checkReady),
                        0, second.toMillis() * readiness.intervalSeconds(), TimeUnit.MILLISECONDS);
            }
        }

        void cancel() {
            cancelled = true;
            cancel(healthTask);
            cancel(readyTask);
        }

        private void cancel(@Nullable ScheduledFuture<?> task) {
            if (task != null) {
                task.cancel(false);
            }
        }

        private final Object healthLock = new Object();

        private void checkHealth() {
            synchronized (healthLock) { // one probe at a time; a slow one delays the next instead of piling up
                if (cancelled) {
                    return;
                }
                Probe.Result result = probe.health(check, instance.host(), instance.port());
                if (cancelled || result.pass() == null) {
                    return;
                }
                if (result.pass()) {
                    failures = 0;
                    passedOnce = true;
                    change(Health.HEALTHY, result.detail());
                    return;
                }
                boolean inGrace = !passedOnce
                        && clock.instant().isBefore(launchedAt.plusSeconds(check.gracePeriodSeconds()));
                if (inGrace) {
                    return;
                }
                failures++;
                if (failures >= check.maxConsecutiveFailures()) {
                    change(Health.UNHEALTHY, failures + " consecutive failures, last: " + result.detail());
                }
            }
        }

        private void change(Health next, String detail) {
            if (next != health) {
                health = next;
                listener.healthChanged(instance.id(), next, detail);
            }
        }

        private final Object readyLock = new Object();

        private void checkReady() {
            synchronized (readyLock) {
                ReadinessCheck r = readiness;
                if (cancelled || r == null || readyTask == null || readyTask.isCancelled()) {
                    return;
                }
                Probe.Result result = probe.http(instance.host(), instance.port(), r.path(),
                        Duration.ofSeconds(r.timeoutSeconds()));
                if (!cancelled && r.httpStatusCodesForReady().contains(result.status())) {
                    cancel(readyTask);
                    listener.ready(instance.id());
                }
            }
        }
    }
}
