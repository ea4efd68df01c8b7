package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.routing.HttpsPolicy;
import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import io.cutover.router.testing.TlsClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A route's {@code https:} policy: plain requests redirected to the TLS listener, HSTS on TLS answers only. */
class HttpsPolicyIT {

    private static final HttpsPolicy REDIRECT_AND_HSTS = new HttpsPolicy(true, 31_536_000L, true, false);
    private static final String HSTS = "max-age=31536000; includeSubDomains";

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    @TempDir
    Path dir;

    private final Authority ca = TestCertificates.authority("router test CA");
    private final TlsClient client = new TlsClient(ca.certificate());
    private TestBackend app;

    @BeforeEach
    void certificatesAndApp() {
        ca.issue("*.localhost").write(dir.resolve("default.crt"), dir.resolve("default.key"));
        app = fixture.backend("hello-1");
    }

    private static RouteEntry secured(String host, HttpsPolicy https, int port) {
        RouteEntry plain = route(host, "hello", revision(1, 100, endpoint("hello-1", port)));
        return new RouteEntry(plain.host(), plain.pathPrefix(), plain.app(), plain.revisions(), false, 0, null, https);
    }

    private Router router(int httpsPort) {
        Router router = fixture.startRouter(o -> o.tls("127.0.0.1", 0, dir).httpsPort(httpsPort));
        router.apply(table(1, secured("secure.localhost", REDIRECT_AND_HSTS, app.port()),
                secured("*.wild.localhost", REDIRECT_AND_HSTS, app.port()),
                secured("hsts.localhost", new HttpsPolicy(false, 600L, false, false), app.port()),
                route("plain.localhost", "hello", revision(1, 100, endpoint("hello-1", app.port())))));
        return router;
    }

    @Test
    void plainRequestsAreRedirectedToTheSameUrlOnTheTlsListenerKeepingTheirMethod() {
        Router router = router(0);
        int tlsPort = router.tlsAddress().getPort();

        try (RawHttp http = RawHttp.connect(router.address())) {
            RawHttp.Response get = http.send("GET /a/b?c=d HTTP/1.1\r\nHost: Secure.localhost:8080\r\n\r\n").read();
            RawHttp.Response post = http.send("POST /orders HTTP/1.1\r\nHost: secure.localhost\r\nContent-Length: 5\r\n\r\nhello").read();
            RawHttp.Response absolute = http.send("GET http://secure.localhost/x HTTP/1.1\r\nHost: secure.localhost\r\n\r\n").read();

            assertThat(get.status()).isEqualTo(301);
            assertThat(get.header("location")).isEqualTo("https://secure.localhost:" + tlsPort + "/a/b?c=d");
            assertThat(post.status()).as("308 keeps the method and body; 301 would let clients turn it into a GET").isEqualTo(308);
            assertThat(post.header("location")).isEqualTo("https://secure.localhost:" + tlsPort + "/orders");
            assertThat(absolute.header("location")).isEqualTo("https://secure.localhost:" + tlsPort + "/x");
            assertThat(get.header("strict-transport-security")).as("HSTS is never sent over plain HTTP").isNull();
        }
        assertThat(app.requests()).as("the app saw none of them").isZero();
    }

    @Test
    void acmeChallengesAndRoutesWithoutRedirectStayOnPlainHttpWithoutHsts() {
        Router router = router(0);

        try (RawHttp http = RawHttp.connect(router.address())) {
            RawHttp.Response challenge = http.send(
                    "GET /.well-known/acme-challenge/token HTTP/1.1\r\nHost: secure.localhost\r\n\r\n").read();
            RawHttp.Response hstsOnly = http.send("GET / HTTP/1.1\r\nHost: hsts.localhost\r\n\r\n").read();

            assertThat(challenge.status()).isEqualTo(200);
            assertThat(challenge.header("strict-transport-security")).isNull();
            assertThat(hstsOnly.status()).isEqualTo(200);
            assertThat(hstsOnly.header("strict-transport-security")).isNull();
        }
        assertThat(app.requests()).isEqualTo(2);
    }

    @Test
    void responsesOverTlsCarryTheRoutesHsts() {
        Router router = router(0);

        assertThat(overTls(router, "secure.localhost").header("strict-transport-security")).isEqualTo(HSTS);
        assertThat(overTls(router, "hsts.localhost").header("strict-transport-security")).isEqualTo("max-age=600");
        assertThat(overTls(router, "plain.localhost").header("strict-transport-security")).isNull();

        app.answerWith(503);
        RawHttp.Response failing = overTls(router, "secure.localhost");
        assertThat(failing.status()).isEqualTo(503);
        assertThat(failing.header("strict-transport-security")).as("on every status").isEqualTo(HSTS);
    }

    @Test
    void maintenanceAnswersOverTlsCarryHstsAndPlainOnesAreRedirectedFirst() {
        Router router = router(0);
        RouteEntry down = secured("secure.localhost", REDIRECT_AND_HSTS, app.port())
                .withMaintenance(new Maintenance(503, "back soon", null, null, Map.of(), null, null, false));
        router.apply(table(2, down));

        RawHttp.Response secure = overTls(router, "secure.localhost");
        assertThat(secure.status()).isEqualTo(503);
        assertThat(secure.header("strict-transport-security")).isEqualTo(HSTS);
        try (RawHttp http = RawHttp.connect(router.address())) {
            assertThat(http.send("GET / HTTP/1.1\r\nHost: secure.localhost\r\n\r\n").read().status()).isEqualTo(301);
        }
    }

    @Test
    void aPublicHttpsPortIsNamedInsteadOfTheListenersOwn() {
        Router router = router(443);

        try (RawHttp http = RawHttp.connect(router.address())) {
            RawHttp.Response get = http.send("GET / HTTP/1.1\r\nHost: secure.localhost\r\n\r\n").read();
            assertThat(get.header("location")).as("443 is left out of the URL").isEqualTo("https://secure.localhost/");
        }
    }

    @Test
    void aHostAWildcardMatchesButNoUrlCanCarryIsRefusedNotRedirectedElsewhere() {
        Router router = router(0);

        try (RawHttp http = RawHttp.connect(router.address())) {
            RawHttp.Response subdomain = http.send("GET / HTTP/1.1\r\nHost: a.wild.localhost\r\n\r\n").read();
            RawHttp.Response forged = http.send("GET / HTTP/1.1\r\nHost: evil.example/x.wild.localhost\r\n\r\n").read();

            assertThat(subdomain.header("location")).startsWith("https://a.wild.localhost:");
            assertThat(forged.status()).isEqualTo(400);
            assertThat(forged.header("location")).isNull();
            assertThat(forged.header("x-cutover-error")).isEqualTo("host-not-redirectable");
        }
        assertThat(app.requests()).isZero();
    }

    private RawHttp.Response overTls(Router router, String host) {
        try (RawHttp http = RawHttp.over(client.connect(router.tlsAddress(), host))) {
            return http.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read();
        }
    }
}
