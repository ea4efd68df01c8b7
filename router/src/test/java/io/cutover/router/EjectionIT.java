package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.router.testing.ClosingBackend;
import io.cutover.router.testing.DeadPort;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Instances that keep failing are ejected for a while, and clients do not notice. */
class EjectionIT {

    private static final String HOST = "hello.localhost";

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router start(int ejectAfterFailures, Duration baseEjectionTime) {
        return fixture.startRouter(options -> options.ejectAfterFailures(ejectAfterFailures).baseEjectionTime(baseEjectionTime));
    }

    @Test
    void sendsNothingToAnInstanceAnswering500UntilItsEjectionIsOver() {
        Router router = start(3, Duration.ofSeconds(1));
        Http http = fixture.http(router);
        TestBackend a = fixture.backend("a");
        TestBackend b = fixture.backend("b");
        TestBackend failing = fixture.backend("failing");
        failing.answerWith(500);
        router.apply(table(1, route(HOST, "hello", revision(1, 100,
                endpoint("a", a.port()), endpoint("b", b.port()), endpoint("failing", failing.port())))));

        // One request at a time, so the third 500 is the last one the failing instance gets.
        long ejectingRequestSent = 0;
        for (int i = 0; i < 300 && router.stats().ejections() == 0; i++) {
            ejectingRequestSent = System.nanoTime();
            http.get(HOST, "/");
        }
        assertThat(router.stats().ejections()).isEqualTo(1);
        assertThat(router.ejected()).containsExactly("failing");
        assertThat(failing.requests()).isEqualTo(3);
        assertThat(router.stats().responses5xx()).isEqualTo(3);

        // The ejection lasts 1 s from when the third 500 arrived; stay well inside it.
        int sent = 0;
        while (sent < 20 && System.nanoTime() - ejectingRequestSent < MILLISECONDS.toNanos(800)) {
            HttpResponse<String> response = http.get(HOST, "/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isIn("a", "b");
            sent++;
        }
        assertThat(sent).isPositive();
        assertThat(failing.requests()).isEqualTo(3);

        // Back in service once the time is up: it gets requests again, and three more 500s eject it again.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            http.get(HOST, "/");
            return failing.requests() > 3;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            http.get(HOST, "/");
            return router.stats().ejections() == 2;
        });
        assertThat(router.ejected()).containsExactly("failing");
        assertThat(failing.requests()).isEqualTo(6);
    }

    @Test
    void ejectsAnInstanceThatRefusesConnectionsWhileEveryRequestSucceeds() {
        Router router = start(3, Duration.ofSeconds(30));
        Http http = fixture.http(router);
        TestBackend a = fixture.backend("a");
        TestBackend b = fixture.backend("b");
        router.apply(table(1, route(HOST, "hello", revision(1, 100,
                endpoint("a", a.port()), endpoint("b", b.port()), endpoint("dead", DeadPort.refusing())))));

        // Concurrent requests: connect failures are retried on a live instance meanwhile.
        for (int round = 0; round < 30 && router.ejected().isEmpty(); round++) {
            List<CompletableFuture<HttpResponse<String>>> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(http.getAsync(HOST, "/"));
            }
            for (CompletableFuture<HttpResponse<String>> pending : batch) {
                HttpResponse<String> response = pending.join();
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isIn("a", "b");
            }
        }
        assertThat(router.ejected()).containsExactly("dead");
        assertThat(router.stats().ejections()).isEqualTo(1);
        assertThat(router.stats().retries()).isEqualTo(router.stats().connectFailures());

        // Ejected: no more attempts at it.
        long connectFailures = router.stats().connectFailures();
        for (int i = 0; i < 50; i++) {
            assertThat(http.get(HOST, "/").statusCode()).isEqualTo(200);
        }
        assertThat(router.stats().connectFailures()).isEqualTo(connectFailures);
        assertThat(router.stats().responses5xx()).isZero();
        await().until(() -> router.inFlight().values().stream().allMatch(n -> n == 0));
    }

    @Test
    void ejectsAnInstanceThatClosesConnectionsWithoutAnswering() {
        Router router = start(2, Duration.ofSeconds(30));
        Http http = fixture.http(router);
        TestBackend ok = fixture.backend("ok");
        ClosingBackend rude = fixture.open(new ClosingBackend(false));
        router.apply(table(1, route(HOST, "hello", revision(1, 100,
                endpoint("ok", ok.port()), endpoint("rude", rude.port())))));

        for (int i = 0; i < 300 && router.stats().ejections() == 0; i++) {
            http.get(HOST, "/");
        }
        assertThat(router.ejected()).containsExactly("rude");
        assertThat(rude.connections()).isEqualTo(2);

        for (int i = 0; i < 30; i++) {
            assertThat(http.get(HOST, "/").body()).isEqualTo("ok");
        }
        assertThat(rude.connections()).isEqualTo(2);
    }

    @Test
    void ejectsAtMostOneOfThreeInstancesAndKeepsSendingToTheOtherFailingOne() {
        Router router = start(2, Duration.ofSeconds(30));
        Http http = fixture.http(router);
        TestBackend ok = fixture.backend("ok");
        TestBackend failing1 = fixture.backend("failing1");
        TestBackend failing2 = fixture.backend("failing2");
        failing1.answerWith(503);
        failing2.answerWith(503);
        router.apply(table(1, route(HOST, "hello", revision(1, 100, endpoint("ok", ok.port()),
                endpoint("failing1", failing1.port()), endpoint("failing2", failing2.port())))));

        for (int i = 0; i < 300 && router.stats().ejections() == 0; i++) {
            http.get(HOST, "/");
        }
        assertThat(router.ejected()).hasSize(1);
        TestBackend stillInService = router.ejected().contains("failing1") ? failing2 : failing1;
        int before = stillInService.requests();

        for (int i = 0; i < 60; i++) {
            http.get(HOST, "/");
            assertThat(router.ejected()).hasSize(1);
        }

        assertThat(stillInService.requests()).isGreaterThan(before + 2);
        assertThat(router.stats().ejections()).isEqualTo(1);
    }

    @Test
    void neverEjectsALoneInstance() {
        Router router = start(1, Duration.ofSeconds(30));
        Http http = fixture.http(router);
        TestBackend failing = fixture.backend("failing");
        failing.answerWith(500);
        router.apply(table(1, route(HOST, "hello", revision(1, 100, endpoint("failing", failing.port())))));

        for (int i = 0; i < 10; i++) {
            assertThat(http.get(HOST, "/").statusCode()).isEqualTo(500);
        }

        assertThat(failing.requests()).isEqualTo(10);
        assertThat(router.ejected()).isEmpty();
        assertThat(router.stats().ejections()).isZero();
    }
}
