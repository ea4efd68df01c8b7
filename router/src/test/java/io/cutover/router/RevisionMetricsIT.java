package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.router.testing.DeadPort;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-revision request metrics, counted on the request path of a real router. */
class RevisionMetricsIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private Http http;

    @BeforeEach
    void startRouter() {
        router = fixture.router();
        http = fixture.http();
    }

    @Test
    void countsEachRevisionsResponsesByStatusClassWithTheirLatency() {
        TestBackend v1 = fixture.backend("v1");
        TestBackend v2 = fixture.backend("v2");
        router.apply(table(1,
                route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1", v1.port()))),
                route("canary.localhost", "hello", revision(2, 100, endpoint("hello-2", v2.port())))));

        http.get("hello.localhost", "/");
        http.get("hello.localhost", "/");
        v2.answerWith(503);
        http.get("canary.localhost", "/");
        v2.answerWith(404);
        http.get("canary.localhost", "/");

        assertThat(router.revisionMetrics()).containsOnlyKeys("hello/1", "hello/2");
        RevisionMetrics stable = router.revisionMetrics().get("hello/1");
        assertThat(stable.requests()).isEqualTo(2);
        assertThat(stable.s2xx()).isEqualTo(2);
        assertThat(stable.s5xx()).isZero();
        assertThat(stable.latencyMs().count()).isEqualTo(2);
        assertThat(stable.latencyMs().max()).isPositive().isGreaterThanOrEqualTo(stable.latencyMs().p50());
        RevisionMetrics canary = router.revisionMetrics().get("hello/2");
        assertThat(canary.requests()).isEqualTo(2);
        assertThat(canary.s4xx()).isEqualTo(1);
        assertThat(canary.s5xx()).isEqualTo(1);
        assertThat(canary.connectFailures()).isZero();
    }

    @Test
    void keepsARevisionsCountsAcrossTableSwaps() {
        TestBackend a = fixture.backend("a");
        TestBackend b = fixture.backend("b");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1-a", a.port())))));
        http.get("hello.localhost", "/");
        http.get("hello.localhost", "/");

        router.apply(table(2, route("hello.localhost", "hello", revision(1, 100,
                endpoint("hello-1-a", a.port()), endpoint("hello-1-b", b.port())))));
        http.get("hello.localhost", "/");
        router.apply(table(3, route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1-b", b.port())))));
        http.get("hello.localhost", "/");

        assertThat(router.revisionMetrics().get("hello/1").requests()).isEqualTo(4);
        assertThat(router.revisionMetrics().get("hello/1").s2xx()).isEqualTo(4);
    }

    @Test
    void countsARequestThatReachedNoInstanceAsAConnectFailure() {
        router.apply(table(1, route("hello.localhost", "hello",
                revision(1, 100, endpoint("dead-1", DeadPort.refusing()), endpoint("dead-2", DeadPort.refusing())))));

        assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(502);

        RevisionMetrics metrics = router.revisionMetrics().get("hello/1");
        assertThat(metrics.requests()).isEqualTo(1);
        assertThat(metrics.s5xx()).isEqualTo(1);
        assertThat(metrics.connectFailures()).isEqualTo(1);
        assertThat(metrics.latencyMs().count()).isEqualTo(1);
        assertThat(router.stats().connectFailures()).isEqualTo(2);
    }

    @Test
    void countsARequestRetriedOnAnotherRevisionThereOnly() {
        TestBackend live = fixture.backend("live");
        router.apply(table(1, route("hello.localhost", "hello",
                revision(1, 100, endpoint("dead-1", DeadPort.refusing())),
                revision(2, 1, endpoint("live-2", live.port())))));

        // Most requests pick revision 1 first, fail to connect and are retried on revision 2.
        for (int i = 0; i < 5; i++) {
            assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(200);
        }

        assertThat(router.revisionMetrics().get("hello/2").requests()).isEqualTo(5);
        assertThat(router.revisionMetrics().get("hello/2").s2xx()).isEqualTo(5);
        assertThat(router.revisionMetrics().get("hello/1").requests()).isZero();
    }

    @Test
    void countsARequestWhoseClientLeftBeforeTheResponseWithoutAStatus() {
        TestBackend slow = fixture.backend("slow");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("slow-1", slow.port())))));
        Http leaving = new Http(router.address());
        CompletableFuture<?> request = leaving.getAsync("hello.localhost", "/slow");
        await().until(() -> slow.slowWaiting() == 1);

        leaving.close();
        request.cancel(true);

        await().until(() -> router.revisionMetrics().get("hello/1").requests() == 1);
        RevisionMetrics metrics = router.revisionMetrics().get("hello/1");
        assertThat(metrics.s2xx() + metrics.s5xx()).isZero();
        assertThat(metrics.latencyMs().count()).isZero();
    }
}
