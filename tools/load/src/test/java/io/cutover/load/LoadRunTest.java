package io.cutover.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.load.testing.VersionServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadRunTest {

    private VersionServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new VersionServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void sendsAtTheAskedRateAndCountsEveryAnswer() throws InterruptedException {
        LoadReport report = LoadRun.start(options("/version").rate(100).duration(Duration.ofSeconds(2)).build()).await();

        Counts totals = report.totals();
        assertThat(totals.sent()).isBetween(180L, 220L);
        assertThat(totals.statuses()).isEqualTo(Map.of(200, totals.sent()));
        assertThat(totals.versions()).isEqualTo(Map.of("1.0", totals.sent()));
        assertThat(totals.latency().count()).isEqualTo(totals.sent());
        assertThat(report.allOk()).isTrue();
        assertThat(report.stoppedEarly()).isFalse();
        assertThat(report.intervals()).hasSize(2);
        assertThat(report.intervals()).allSatisfy(interval -> assertThat(interval.counts().sent()).isBetween(90L, 110L));
        assertThat(report.intervals().stream().mapToLong(i -> i.counts().sent()).sum()).isEqualTo(totals.sent());
    }

    @Test
    void countsVersionsPerInterval() throws InterruptedException {
        LoadRun run = LoadRun.start(options("/version").rate(200).duration(Duration.ofMillis(1200))
                .interval(Duration.ofMillis(400)).build());
        await().atMost(Duration.ofSeconds(2)).until(() -> !run.intervals().isEmpty());
        server.switchTo("2.0");
        LoadReport report = run.await();

        List<Interval> intervals = report.intervals();
        assertThat(intervals).hasSize(3);
        assertThat(intervals.get(0).counts().versions()).containsOnlyKeys("1.0");
        assertThat(intervals.get(2).counts().versions()).containsOnlyKeys("2.0");
        assertThat(report.totals().versions()).containsOnlyKeys("1.0", "2.0");
        assertThat(intervals.get(0).end()).isEqualTo(Duration.ofMillis(400));
        assertThat(intervals.get(2).end()).isEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void sendsTheHostHeaderAskedFor() throws InterruptedException {
        LoadRun.start(options("/version").host("hello.localhost").rate(50).duration(Duration.ofMillis(200)).build())
                .await();

        assertThat(server.hosts()).containsOnlyKeys("hello.localhost");
    }

    @Test
    void sendsTheUrlsAuthorityAsHostByDefault() throws InterruptedException {
        LoadRun.start(options("/version").rate(50).duration(Duration.ofMillis(200)).build()).await();

        assertThat(server.hosts()).containsOnlyKeys("127.0.0.1:" + server.port());
    }

    @Test
    void countsOtherStatusesAsNon2xx() throws InterruptedException {
        LoadReport report = LoadRun.start(options("/fail").rate(50).duration(Duration.ofMillis(300)).build()).await();

        Counts totals = report.totals();
        assertThat(totals.sent()).isPositive();
        assertThat(totals.statuses()).isEqualTo(Map.of(500, totals.sent()));
        assertThat(totals.non2xx()).isEqualTo(totals.sent());
        assertThat(totals.ok()).isZero();
        assertThat(report.allOk()).isFalse();
    }

    @Test
    void readsTheRevisionHeaderWhenTheBodyNamesNoVersion() throws InterruptedException {
        server.switchTo("7");

        LoadReport report = LoadRun.start(options("/header").rate(50).duration(Duration.ofMillis(200)).build()).await();

        assertThat(report.totals().versions()).containsOnlyKeys("7");
    }

    @Test
    void countsConnectionErrorsWhenNothingListens() throws IOException, InterruptedException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }

        LoadReport report = LoadRun.start(LoadOptions.builder(URI.create("http://127.0.0.1:" + deadPort + "/"))
                .rate(50).duration(Duration.ofMillis(300)).build()).await();

        Counts totals = report.totals();
        assertThat(totals.sent()).isBetween(13L, 17L);
        assertThat(totals.errors()).isEqualTo(Map.of(ErrorKind.REFUSED, totals.sent()));
        assertThat(totals.statuses()).isEmpty();
        assertThat(report.allOk()).isFalse();
    }

    @Test
    void countsRequestsWithoutAnAnswerAsTimeouts() throws InterruptedException {
        LoadReport report = LoadRun.start(options("/hang").rate(20).duration(Duration.ofMillis(200))
                .timeout(Duration.ofMillis(200)).build()).await();

        Counts totals = report.totals();
        assertThat(totals.sent()).isEqualTo(4);
        assertThat(totals.errors()).isEqualTo(Map.of(ErrorKind.TIMEOUT, 4L));
    }

    @Test
    void countsRequestsDueWhileEveryConnectionIsBusyAsLate() throws InterruptedException {
        // 1 connection, 100 ms answers, a request due every 20 ms: most must wait for the connection.
        LoadReport report = LoadRun.start(options("/slow").rate(50).connections(1).duration(Duration.ofMillis(500))
                .build()).await();

        Counts totals = report.totals();
        assertThat(totals.sent() + totals.unsent()).isEqualTo(25);
        assertThat(totals.unsent()).isPositive();
        assertThat(totals.late()).isGreaterThanOrEqualTo(totals.unsent() + totals.sent() - 1);
        // Latency counts from when a request was due, not from when the connection was free.
        assertThat(totals.latency().max()).isGreaterThan(Duration.ofMillis(2 * VersionServer.SLOW_MILLIS));
        assertThat(report.allOk()).isTrue();
    }

    @Test
    void sendsAsFastAsPossibleWithoutARate() throws InterruptedException {
        LoadReport report = LoadRun.start(options("/version").rate(0).connections(2).duration(Duration.ofMillis(300))
                .build()).await();

        assertThat(report.totals().sent()).isGreaterThan(15);
        assertThat(report.totals().late()).isZero();
        assertThat(report.allOk()).isTrue();
    }

    @Test
    void stopEndsTheRunEarlyWithAReport() throws InterruptedException {
        LoadRun run = LoadRun.start(options("/version").rate(100).duration(Duration.ofSeconds(30))
                .interval(Duration.ofMillis(100)).build());
        await().atMost(Duration.ofSeconds(2)).until(() -> !run.intervals().isEmpty());

        run.stop();
        LoadReport report = run.await();

        assertThat(report.stoppedEarly()).isTrue();
        assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(5));
        assertThat(report.allOk()).isTrue();
        assertThat(report.totals().unsent()).isZero();
    }

    @Test
    void tellsTheListenerAboutEachIntervalBeforeTheReport() throws InterruptedException {
        List<Interval> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

        LoadReport report = LoadRun.start(options("/version").rate(100).duration(Duration.ofMillis(300))
                .interval(Duration.ofMillis(100)).threads(2).build(), heard::add).await();

        assertThat(heard).isEqualTo(report.intervals());
        assertThat(heard).extracting(Interval::index).containsExactly(0, 1, 2);
        assertThat(report.totals().sent()).isEqualTo(30);
    }

    private LoadOptions.Builder options(String path) {
        return LoadOptions.builder(server.url(path));
    }
}
