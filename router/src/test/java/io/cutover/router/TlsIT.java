package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.core.testing.TestCertificates.Issued;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import io.cutover.router.testing.TlsClient;
import io.cutover.router.tls.CertificateInfo;
import io.cutover.router.tls.TlsContexts;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TLS listener with real handshakes: certificates chosen by SNI, reloaded, refused, expired. */
class TlsIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    @TempDir
    Path dir;

    private final Authority ca = TestCertificates.authority("router test CA");
    private final TlsClient client = new TlsClient(ca.certificate());
    private Issued exact;
    private Issued wildcard;
    private Issued fallback;

    @BeforeEach
    void writeCertificates() {
        exact = ca.issue("a.localhost");
        wildcard = ca.issue("*.w.localhost");
        fallback = ca.issue("default.localhost");
        write("a", exact);
        write("w", wildcard);
        write("default", fallback);
    }

    private void write(String name, Issued certificate) {
        certificate.write(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
    }

    private Router tlsRouter() {
        return fixture.startRouter(o -> o.tls("127.0.0.1", 0, dir));
    }

    @Test
    void sniPicksTheCertificateNamingTheHostAndTheDefaultOtherwise() {
        Router router = tlsRouter();

        assertThat(serial(router, "a.localhost")).isEqualTo(exact.serial());
        assertThat(serial(router, "A.LOCALHOST")).isEqualTo(exact.serial());
        assertThat(serial(router, "x.w.localhost")).isEqualTo(wildcard.serial());
        assertThat(serial(router, "w.localhost")).as("a wildcard does not cover its own domain").isEqualTo(fallback.serial());
        assertThat(serial(router, "y.x.w.localhost")).as("nor two labels").isEqualTo(fallback.serial());
        assertThat(serial(router, "unknown.localhost")).isEqualTo(fallback.serial());
        assertThat(serial(router, null)).as("no SNI").isEqualTo(fallback.serial());
        assertThat(router.defaultCertificate()).isEqualTo("default");
        assertThat(router.certificates()).extracting(CertificateInfo::name).containsExactly("a", "default", "w");
        assertThat(router.certificates().get(2).hosts()).containsExactly("*.w.localhost");
    }

    @Test
    void requestsOverTlsReachTheAppMarkedHttps() {
        Router router = tlsRouter();
        TestBackend app = fixture.backend("hello-1");
        router.apply(table(1, route("a.localhost", "hello", revision(1, 100, endpoint("hello-1", app.port())))));

        try (RawHttp http = RawHttp.over(client.connect(router.tlsAddress(), "a.localhost"))) {
            RawHttp.Response first = http.send("GET / HTTP/1.1\r\nHost: a.localhost\r\n\r\n").read();
            RawHttp.Response second = http.send("GET /again HTTP/1.1\r\nHost: a.localhost\r\n\r\n").read();

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.bodyText()).isEqualTo("hello-1");
            assertThat(second.bodyText()).as("keep-alive over TLS").isEqualTo("hello-1");
        }
        assertThat(app.lastHeaders().getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(fixture.http(router).get("a.localhost", "/").body()).as("the plain listener still serves").isEqualTo("hello-1");
        assertThat(app.lastHeaders().getFirst("X-Forwarded-Proto")).isEqualTo("http");
    }

    @Test
    void aRenewedCertificateReachesNewConnectionsWhileOpenOnesFinishOnTheOld() {
        Router router = tlsRouter();
        TestBackend app = fixture.backend("hello-1");
        router.apply(table(1, route("a.localhost", "hello", revision(1, 100, endpoint("hello-1", app.port())))));
        try (RawHttp open = RawHttp.over(client.connect(router.tlsAddress(), "a.localhost"))) {
            assertThat(open.send("GET / HTTP/1.1\r\nHost: a.localhost\r\n\r\n").read().status()).isEqualTo(200);

            Issued renewed = ca.issue("a.localhost");
            write("a", renewed);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(serial(router, "a.localhost")).isEqualTo(renewed.serial()));
            assertThat(open.send("GET / HTTP/1.1\r\nHost: a.localhost\r\n\r\n").read().bodyText())
                    .as("the connection opened before the reload still serves").isEqualTo("hello-1");
            assertThat(TlsClient.serial((SSLSocket) open.socket())).isEqualTo(exact.serial());
            assertThat(serial(router, "x.w.localhost")).as("the other pairs stay").isEqualTo(wildcard.serial());
        }
    }

    @Test
    void aHalfWrittenRotationIsRefusedAndTheServedCertificateStays() {
        Router router = tlsRouter();
        Issued renewed = ca.issue("a.localhost");
        renewed.writeCertificate(dir.resolve("a.crt")); // the new certificate beside the old key

        await().atMost(Duration.ofSeconds(10)).until(() -> router.refusedCertificateReloads() == 1);
        assertThat(serial(router, "a.localhost")).isEqualTo(exact.serial());

        renewed.writeKey(dir.resolve("a.key"), TestCertificates.KeyFormat.PKCS8); // the rotation completes
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(serial(router, "a.localhost")).isEqualTo(renewed.serial()));
    }

    @Test
    void aRemovedPairStopsBeingServedAndANewOneIsPickedUp() throws Exception {
        Router router = tlsRouter();
        Issued added = ca.issue("b.localhost");
        write("b", added);
        Files.delete(dir.resolve("w.crt"));
        Files.delete(dir.resolve("w.key"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(router.certificates()).extracting(CertificateInfo::name).containsExactly("a", "b", "default"));
        assertThat(serial(router, "b.localhost")).isEqualTo(added.serial());
        assertThat(serial(router, "x.w.localhost")).isEqualTo(fallback.serial());
    }

    @Test
    void anExpiredCertificateIsServedAndReportedWithItsExpiry() {
        Issued expired = ca.issueExpired("old.localhost");
        write("old", expired);
        Router router = tlsRouter();

        CertificateInfo old = router.certificates().stream().filter(c -> c.name().equals("old")).findFirst().orElseThrow();
        assertThat(old.notAfter()).isBefore(Instant.now());
        assertThat(old.notAfter()).isEqualTo(expired.certificate().getNotAfter().toInstant());
        assertThatThrownBy(() -> client.connect(router.tlsAddress(), "old.localhost"))
                .as("a client that checks dates refuses it").isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void onlyForwardSecretAeadSuitesAreServedAndFailedHandshakesAreCounted() {
        Router router = tlsRouter();
        SSLContext context = client.context();
        SSLSocket offersCbcOnly = null;
        try {
            offersCbcOnly = (SSLSocket) context.getSocketFactory().createSocket(
                    router.tlsAddress().getAddress(), router.tlsAddress().getPort());
            offersCbcOnly.setEnabledProtocols(new String[] {"TLSv1.2"});
            offersCbcOnly.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            SSLSocket socket = offersCbcOnly;
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (offersCbcOnly != null) {
                closeQuietly(offersCbcOnly);
            }
        }
        try (RawHttp plain = RawHttp.connect(router.tlsAddress())) {
            plain.send("GET / HTTP/1.1\r\nHost: a.localhost\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(plain::closedByPeer);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(router.stats().tlsHandshakeFailures()).isEqualTo(2));

        SSLSocket tls12 = client.connect(router.tlsAddress(), "a.localhost", "TLSv1.2");
        assertThat(tls12.getSession().getProtocol()).isEqualTo("TLSv1.2");
        assertThat(tls12.getSession().getCipherSuite()).startsWith("TLS_ECDHE_ECDSA_WITH_").contains("GCM");
        closeQuietly(tls12);
        SSLSocket tls13 = client.connect(router.tlsAddress(), "a.localhost");
        assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
        closeQuietly(tls13);
    }

    @Test
    void aClientResumesItsSession() {
        Router router = tlsRouter();
        SSLContext shared = client.context();

        SSLSocket first = TlsClient.connect(shared, router.tlsAddress(), "a.localhost", "TLSv1.2");
        long established = first.getSession().getCreationTime();
        byte[] id = first.getSession().getId();
        closeQuietly(first);
        SSLSocket second = TlsClient.connect(shared, router.tlsAddress(), "a.localhost", "TLSv1.2");

        assertThat(second.getSession().getId()).as("the same session, resumed").isEqualTo(id);
        assertThat(second.getSession().getCreationTime()).isEqualTo(established);
        closeQuietly(second);
    }

    @Test
    void aDirectoryThatCannotBeServedStopsTheStartNamingTheFile() throws Exception {
        Files.delete(dir.resolve("w.key"));

        assertThatThrownBy(this::tlsRouter).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.toAbsolutePath().resolve("w.crt").toString())
                .hasMessageContaining("no w.key beside it");
    }

    @Test
    void usesBoringSslWhenItsLibraryLoads() {
        assertThat(TlsContexts.provider().name()).isEqualTo("OPENSSL_REFCNT");
        assertThat(TlsContexts.providerName()).containsIgnoringCase("BoringSSL");
    }

    private java.math.BigInteger serial(Router router, String sni) {
        SSLSocket socket = client.connect(router.tlsAddress(), sni);
        try {
            return TlsClient.serial(socket);
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(SSLSocket socket) {
        try {
            socket.close();
        } catch (java.io.IOException e) {
            // closed anyway
        }
    }
}
