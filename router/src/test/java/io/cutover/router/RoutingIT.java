package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.Headers;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoutingIT {

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
    void routesEachHostToItsApp() {
        TestBackend hello = fixture.backend("hello-1");
        TestBackend bye = fixture.backend("bye-1");
        router.apply(table(1,
                route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1", hello.port()))),
                route("bye.localhost", "bye", revision(1, 100, endpoint("bye-1", bye.port())))));

        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("hello-1");
        assertThat(http.get("bye.localhost:8080", "/any/path").body()).isEqualTo("bye-1");
        assertThat(http.get("HELLO.localhost", "/").body()).isEqualTo("hello-1");
    }

    @Test
    void answers404NamingTheHostWhenNoRouteMatches() {
        HttpResponse<String> response = http.get("foo.localhost", "/");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no route for host \"foo.localhost\"\n");
        assertThat(response.headers().firstValue("x-cutover-error")).hasValue("no-route");
        assertThat(router.stats().noRoute()).isEqualTo(1);
    }

    @Test
    void routesByWildcardHostAndLongestPathPrefix() {
        TestBackend apps = fixture.backend("apps");
        TestBackend api = fixture.backend("api");
        TestBackend web = fixture.backend("web");
        router.apply(table(1,
                route("*.apps.localhost", "apps", revision(1, 100, endpoint("apps", apps.port()))),
                route("shop.localhost", "/api", "api", revision(1, 100, endpoint("api", api.port()))),
                route("shop.localhost", "web", revision(1, 100, endpoint("web", web.port())))));

        assertThat(http.get("a.apps.localhost", "/").body()).isEqualTo("apps");
        assertThat(http.get("b.c.apps.localhost", "/").body()).isEqualTo("apps");
        assertThat(http.get("shop.localhost", "/api/orders").body()).isEqualTo("api");
        assertThat(http.get("shop.localhost", "/apiary").body()).isEqualTo("web");
        assertThat(http.get("shop.localhost", "/").body()).isEqualTo("web");
        assertThat(http.get("apps.localhost", "/").statusCode()).isEqualTo(404);
    }

    @Test
    void splitsTrafficBetweenRevisionsByWeight() {
        TestBackend stable = fixture.backend("stable");
        TestBackend canary = fixture.backend("canary");
        router.apply(table(1, route("hello.localhost", "hello",
                revision(1, 80, endpoint("stable", stable.port())),
                revision(2, 20, endpoint("canary", canary.port())))));
        Map<String, Integer> counts = new HashMap<>();

        for (int i = 0; i < 2000; i++) {
            counts.merge(http.get("hello.localhost", "/").body(), 1, Integer::sum);
        }

        assertThat(counts.get("stable") / 2000.0).isCloseTo(0.80, within(0.05));
        assertThat(counts.get("canary") / 2000.0).isCloseTo(0.20, within(0.05));
    }

    @Test
    void answers503NamingTheAppWhenItHasNoRoutableInstance() {
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100))));

        HttpResponse<String> response = http.get("hello.localhost", "/");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("app \"hello\" has no routable instance\n");
        assertThat(response.headers().firstValue("x-cutover-error")).hasValue("no-instance");
        assertThat(router.stats().noInstance()).isEqualTo(1);
    }

    @Test
    void switchesTrafficOnTheNextRequestAfterATableIsApplied() {
        TestBackend v1 = fixture.backend("v1");
        TestBackend v2 = fixture.backend("v2");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("v1", v1.port())))));
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("v1");

        router.apply(table(2, route("hello.localhost", "hello", revision(2, 100, endpoint("v2", v2.port())))));

        assertThat(router.generation()).isEqualTo(2);
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("v2");
    }

    @Test
    void rejectsAnOlderGenerationAndKeepsServing() {
        TestBackend v2 = fixture.backend("v2");
        router.apply(table(2, route("hello.localhost", "hello", revision(2, 100, endpoint("v2", v2.port())))));

        assertThatThrownBy(() -> router.apply(table(1, route("hello.localhost", "hello", revision(1, 100)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generation: 1");

        assertThat(router.generation()).isEqualTo(2);
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("v2");
    }

    @Test
    void passesForwardingHeadersAndARequestIdToTheApp() {
        TestBackend hello = fixture.backend("hello");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("h", hello.port())))));

        http.get("hello.localhost:8080", "/");
        Headers generated = hello.lastHeaders();
        http.send(http.request("hello.localhost", "/").header("X-Request-Id", "mine-1")
                .header("X-Forwarded-For", "10.1.2.3").build(), HttpResponse.BodyHandlers.discarding());
        Headers kept = hello.lastHeaders();

        assertThat(generated.getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(generated.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(generated.getFirst("X-Forwarded-Host")).isEqualTo("hello.localhost:8080");
        assertThat(generated.getFirst("X-Forwarded-Port")).isEqualTo(Integer.toString(router.address().getPort()));
        assertThat(generated.getFirst("X-Request-Id")).matches("[0-9a-f]{16}");
        assertThat(generated.getFirst("Host")).isEqualTo("hello.localhost:8080");
        assertThat(kept.getFirst("X-Request-Id")).isEqualTo("mine-1");
        assertThat(kept.getFirst("X-Forwarded-For")).isEqualTo("10.1.2.3, 127.0.0.1");
    }

    @Test
    void reusesKeepAliveConnectionsToTheApp() {
        TestBackend hello = fixture.backend("hello");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("h", hello.port())))));

        for (int i = 0; i < 50; i++) {
            assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(200);
        }

        assertThat(hello.requests()).isEqualTo(50);
        assertThat(hello.connections()).isLessThanOrEqualTo(2);
    }

    @Test
    void answersPipelinedRequestsInOrderOnOneConnection() {
        TestBackend hello = fixture.backend("hello");
        TestBackend bye = fixture.backend("bye");
        router.apply(table(1,
                route("hello.localhost", "hello", revision(1, 100, endpoint("hello", hello.port()))),
                route("bye.localhost", "bye", revision(1, 100, endpoint("bye", bye.port())))));

        try (RawHttp raw = RawHttp.connect(router.address())) {
            raw.send("GET / HTTP/1.1\r\nHost: hello.localhost\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: nowhere.localhost\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: bye.localhost\r\n\r\n"
                    + "GET / HTTP/1.1\r\nHost: hello.localhost\r\n\r\n");

            assertThat(raw.read().bodyText()).isEqualTo("hello");
            assertThat(raw.read().status()).isEqualTo(404);
            assertThat(raw.read().bodyText()).isEqualTo("bye");
            assertThat(raw.read().bodyText()).isEqualTo("hello");
        }
    }

    @Test
    void honoursKeepAliveOfHttp10ClientsAndClosesOtherwise() {
        TestBackend hello = fixture.backend("hello");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("h", hello.port())))));

        try (RawHttp raw = RawHttp.connect(router.address())) {
            raw.send("GET / HTTP/1.0\r\nHost: hello.localhost\r\nConnection: keep-alive\r\n\r\n");
            RawHttp.Response first = raw.read();
            raw.send("GET / HTTP/1.0\r\nHost: hello.localhost\r\n\r\n");
            RawHttp.Response second = raw.read();

            assertThat(first.bodyText()).isEqualTo("hello");
            assertThat(first.header("connection")).isEqualTo("keep-alive");
            assertThat(second.bodyText()).isEqualTo("hello");
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void closesAfterTheResponseWhenTheClientAsks() {
        TestBackend hello = fixture.backend("hello");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("h", hello.port())))));

        try (RawHttp raw = RawHttp.connect(router.address())) {
            RawHttp.Response response = raw.send("GET / HTTP/1.1\r\nHost: hello.localhost\r\nConnection: close\r\n\r\n").read();

            assertThat(response.bodyText()).isEqualTo("hello");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void closesIdleClientConnections() {
        Router impatient = fixture.startRouter(options -> options.ioThreads(1).idleTimeout(Duration.ofMillis(200)));

        try (RawHttp raw = RawHttp.connect(impatient.address())) {
            raw.send("GET / HTTP/1.1\r\nHost: nowhere.localhost\r\n\r\n").read();

            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void keepsAConnectionOpenWhileItsRequestOutlastsTheIdleTimeoutThenClosesItWhenIdle() {
        Router impatient = fixture.startRouter(options -> options.ioThreads(1).idleTimeout(Duration.ofMillis(200)));
        TestBackend slow = fixture.backend("slow-1");
        impatient.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("slow-1", slow.port())))));

        try (RawHttp raw = RawHttp.connect(impatient.address())) {
            raw.send("GET /slow HTTP/1.1\r\nHost: hello.localhost\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.slowWaiting() == 1);
            // Several idle timeouts pass while the request runs: the request timeout governs it, not the idle one.
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> impatient.stats().openConnections() == 1);
            slow.releaseSlow();

            assertThat(raw.read().bodyText()).isEqualTo("slow done");
            assertThat(raw.closedByPeer()).isTrue(); // idle from the end of the response on
        }
    }

    @Test
    void endsItsEventLoopThreadsWhenClosed() {
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100))));
        http.get("hello.localhost", "/");

        router.close();

        // close() returns once every event loop terminated; a thread may take a moment more to end its run
        await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("cutover-router") && thread.isAlive()));
    }

    @Test
    void refusesToStartOnAPortInUse() {
        RouterOptions taken = RouterOptions.builder().bindHost("127.0.0.1").port(router.address().getPort()).build();

        assertThatThrownBy(() -> Router.start(taken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("router cannot listen on 127.0.0.1:" + router.address().getPort());
    }

    @Test
    void closesConnectionsOverTheLimit() {
        Router small = fixture.startRouter(options -> options.ioThreads(1).maxConnections(1));

        try (RawHttp first = RawHttp.connect(small.address());
                RawHttp second = RawHttp.connect(small.address())) {
            assertThat(first.send("GET / HTTP/1.1\r\nHost: a.localhost\r\n\r\n").read().status()).isEqualTo(404);
            assertThat(second.closedByPeer()).isTrue();
            assertThat(small.stats().rejectedConnections()).isEqualTo(1);
            assertThat(small.stats().openConnections()).isEqualTo(1);
        }
    }
}
