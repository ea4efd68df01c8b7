package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.h2cEndpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.router.testing.ClosingBackend;
import io.cutover.router.testing.DeadPort;
import io.cutover.router.testing.FullBacklog;
import io.cutover.router.testing.RefusingH2cServer;
import io.cutover.router.testing.RefusingH2cServer.Refusal;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Attempts that never reached an app are retried; the rest get a 502 or 504 that says why. */
class RetryIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture(options -> options.requestTimeout(Duration.ofMillis(500)));

    private Router router;
    private Http http;

    @BeforeEach
    void startRouter() {
        router = fixture.router();
        http = fixture.http();
    }

    @Test
    void retriesAnotherInstanceWhenConnectingIsRefused() {
        TestBackend live = fixture.backend("live");
        router.apply(table(1, route("hello.localhost", "hello",
                revision(1, 100, endpoint("dead", DeadPort.refusing()), endpoint("live", live.port())))));

        for (int i = 0; i < 100; i++) {
            HttpResponse<String> response = http.get("hello.localhost", "/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("live");
        }

        RouterStats stats = router.stats();
        assertThat(stats.retries()).isPositive();
        assertThat(stats.connectFailures()).isEqualTo(stats.retries());
        assertThat(stats.responses2xx()).isEqualTo(100);
        await().until(() -> router.inFlight().values().stream().allMatch(n -> n == 0));
    }

    @Test
    void retriesAnotherInstanceWhenConnectingTimesOut() {
        Router quick = fixture.startRouter(options -> options.ioThreads(1).connectTimeout(Duration.ofMillis(200)));
        Http client = fixture.http(quick);
        FullBacklog unresponsive = fixture.open(new FullBacklog());
        TestBackend live = fixture.backend("live");
        quick.apply(table(1, route("hello.localhost", "hello",
                revision(1, 100, endpoint("stuck", unresponsive.port()), endpoint("live", live.port())))));

        for (int i = 0; i < 20 && quick.stats().connectFailures() == 0; i++) {
            assertThat(client.get("hello.localhost", "/").body()).isEqualTo("live");
        }

        assertThat(quick.stats().connectFailures()).isEqualTo(1);
        assertThat(quick.stats().retries()).isEqualTo(1);
        assertThat(quick.inFlight()).containsEntry("stuck", 0).containsEntry("live", 0);
    }

    @Test
    void answers502NamingTheAttemptsWhenNoInstanceAccepts() {
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100,
                endpoint("a", DeadPort.refusing()), endpoint("b", DeadPort.refusing()),
                endpoint("c", DeadPort.refusing()), endpoint("d", DeadPort.refusing())))));

        HttpResponse<String> response = http.get("hello.localhost", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("app \"hello\": could not connect to any instance (tried 3)\n");
        assertThat(response.headers().firstValue("x-cutover-error")).hasValue("connect-failed");
        assertThat(router.stats().connectFailures()).isEqualTo(3);
        assertThat(router.inFlight()).containsValues(0, 0, 0, 0);
    }

    @Test
    void triesEachInstanceOnlyOnce() {
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100,
                endpoint("a", DeadPort.refusing()), endpoint("b", DeadPort.refusing())))));

        HttpResponse<String> response = http.get("hello.localhost", "/");

        assertThat(response.body()).isEqualTo("app \"hello\": could not connect to any instance (tried 2)\n");
        assertThat(router.stats().connectFailures()).isEqualTo(2);
    }

    @Test
    void answers504WhenTheAppIsSlowerThanTheRequestTimeout() {
        TestBackend slow = fixture.backend("slow");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("s", slow.port())))));

        HttpResponse<String> response = http.get("hello.localhost", "/slow");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("app \"hello\": no response within 500ms\n");
        assertThat(response.headers().firstValue("x-cutover-error")).hasValue("timeout");
        assertThat(router.stats().timeouts()).isEqualTo(1);
        assertThat(router.inFlight()).containsEntry("s", 0);
        // The same client connection still works.
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("slow");
    }

    @Test
    void eachRequestOnAKeptAliveConnectionGetsItsWholeTimeout() {
        TestBackend slow = fixture.backend("slow");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("s", slow.port())))));

        // Quick requests first (a good part of the 500 ms): the connection's timer was armed for the first.
        long quickUntil = System.nanoTime() + 250_000_000L;
        while (System.nanoTime() < quickUntil) {
            assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(200);
        }
        long start = System.nanoTime();
        HttpResponse<String> response = http.get("hello.localhost", "/slow");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(tookMillis).as("not cut short by the timer armed for an earlier request").isGreaterThanOrEqualTo(450);
        assertThat(router.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void answers502WhenTheInstanceClosesWithoutAnswering() {
        ClosingBackend rude = fixture.open(new ClosingBackend(false));
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("r", rude.port())))));

        HttpResponse<String> response = http.get("hello.localhost", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("app \"hello\": instance closed the connection\n");
        assertThat(router.stats().retries()).isZero();
        assertThat(router.inFlight()).containsEntry("r", 0);
    }

    @Test
    void sendsTheNextRequestOverAFreshConnectionWhenTheAppClosedAKeptOne() {
        ClosingBackend closesAfterEach = fixture.open(new ClosingBackend(true));
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("c", closesAfterEach.port())))));

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = http.get("hello.localhost", "/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
        }

        assertThat(closesAfterEach.connections()).isGreaterThanOrEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void aStreamAnH2cInstanceRefusedIsSentToAnotherWhateverTheMethod(Refusal refusal) {
        RefusingH2cServer refusing = fixture.open(new RefusingH2cServer(refusal));
        TestBackend live = fixture.backend("live");
        Router router = patientRouter();
        Http http = fixture.http(router);
        router.apply(table(1, route("hello.localhost", "hello",
                revision(1, 100, h2cEndpoint("refusing", refusing.port()), endpoint("live", live.port())))));

        for (int i = 0; i < 20; i++) {
            String method = i % 2 == 0 ? "GET" : "POST";
            HttpResponse<String> response = http.send(http.request("hello.localhost", "/")
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(200);
            assertThat(response.body()).isEqualTo("live");
        }

        assertThat(refusing.refused()).as("the refusing instance was tried").isPositive();
        assertThat(router.stats().retries()).isEqualTo(refusing.refused());
        assertThat(router.stats().ejections()).as("a refusal is not a failure of the instance").isZero();
        await().until(() -> router.inFlight().values().stream().allMatch(n -> n == 0));
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void aStreamRefusedByTheOnlyInstanceIsAnswered502WithoutCountingAgainstIt(Refusal refusal) {
        RefusingH2cServer refusing = fixture.open(new RefusingH2cServer(refusal));
        Router router = patientRouter();
        Http http = fixture.http(router);
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, h2cEndpoint("refusing", refusing.port())))));

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = http.get("hello.localhost", "/");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("x-cutover-error")).hasValue("stream-refused");
        }

        assertThat(router.stats().retries()).as("no other instance to take it").isZero();
        assertThat(router.stats().ejections()).isZero();
        assertThat(router.ejected()).isEmpty();
    }

    @Test
    void aRefusedStreamWhoseBodyWasSentIsAnswered502() {
        RefusingH2cServer refusing = fixture.open(new RefusingH2cServer(Refusal.RST_STREAM));
        Router router = patientRouter();
        Http http = fixture.http(router);
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, h2cEndpoint("refusing", refusing.port())))));

        HttpResponse<String> response = http.send(http.request("hello.localhost", "/")
                .POST(HttpRequest.BodyPublishers.ofString("a body the router no longer holds")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-cutover-error")).hasValue("stream-refused");
        assertThat(router.stats().retries()).isZero();
    }

    /** A router whose request timeout is no part of what a test checks, however loaded the machine. */
    private Router patientRouter() {
        return fixture.startRouter(options -> options.requestTimeout(Duration.ofSeconds(30)));
    }
}
