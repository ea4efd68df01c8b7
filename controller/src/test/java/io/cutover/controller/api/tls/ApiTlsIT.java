package io.cutover.controller.api.tls;

import io.cutover.controller.api.tls.TlsFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.core.testing.TestCertificates.Issued;
import io.cutover.core.tls.PemTrust;
import io.javalin.Javalin;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The API's TLS on a real Jetty server (through Javalin, as the API runs it) and real HTTPS clients. */
class ApiTlsIT {

    private static final Authority CA = TestCertificates.authority("test CA");

    @TempDir
    Path dir;

    private Path certificateFile;
    private Path keyFile;
    private SSLContext trustingCa;
    private Javalin server;

    @BeforeEach
    void writeFiles() {
        certificateFile = dir.resolve("api.crt");
        keyFile = dir.resolve("api.key");
        Path caFile = dir.resolve("ca.crt");
        CA.write(caFile);
        trustingCa = PemTrust.trusting(caFile);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private ApiTls serve(Issued issued, Duration checkInterval) {
        issued.write(certificateFile, keyFile);
        ApiTls tls = ApiTls.load(new TlsFiles(certificateFile, keyFile), checkInterval);
        server = Javalin.create(config -> {
            config.showJavalinBanner = false;
            tls.configure(config, "127.0.0.1", 0);
        });
        server.get("/healthz", ctx -> ctx.result("ok"));
        server.start("127.0.0.1", 0);
        return tls;
    }

    private URI url(String scheme) {
        return URI.create(scheme + "://localhost:" + server.port() + "/healthz");
    }

    private static HttpClient client(SSLContext trust) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static BigInteger serialOf(HttpResponse<?> response) throws IOException {
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
    }

    /** The serial a new connection is served. */
    private BigInteger servedSerial() throws IOException, InterruptedException {
        try (HttpClient fresh = client(trustingCa)) {
            return serialOf(get(fresh, url("https")));
        }
    }

    @Test
    void servesHttpsWithTheCertificateToAClientThatTrustsItsCa() throws Exception {
        Issued issued = CA.issue("localhost", "127.0.0.1");
        serve(issued, Duration.ofHours(1));

        try (HttpClient client = client(trustingCa)) {
            HttpResponse<String> response = get(client, url("https"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(serialOf(response)).isEqualTo(issued.serial());
            assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void speaksTls12AndTls13Only() throws Exception {
        ApiTls tls = serve(CA.issue("localhost"), Duration.ofHours(1));
        SSLParameters tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});

        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustingCa)
                .sslParameters(tls12).build()) {
            assertThat(get(client, url("https")).sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
        }
        assertThat(tls.includedProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }

    @Test
    void answersNoPlainHttpOnTheApiPort() {
        serve(CA.issue("localhost"), Duration.ofHours(1));

        try (HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThatThrownBy(() -> get(plain, url("http"))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaCannotConnect() {
        serve(CA.issue("localhost"), Duration.ofHours(1));
        Path otherCa = dir.resolve("other-ca.crt");
        TestCertificates.authority("another CA").write(otherCa);

        try (HttpClient untrusting = client(PemTrust.trusting(otherCa));
                HttpClient jdkDefaults = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThatThrownBy(() -> get(untrusting, url("https"))).isInstanceOf(SSLHandshakeException.class);
            assertThatThrownBy(() -> get(jdkDefaults, url("https"))).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void newConnectionsGetARotatedCertificateWhileAnOpenConnectionKeepsWorking() throws Exception {
        Issued first = CA.issue("localhost");
        Issued second = CA.issue("localhost");
        serve(first, Duration.ofMillis(100));
        try (HttpClient keptOpen = client(trustingCa)) {
            assertThat(serialOf(get(keptOpen, url("https")))).isEqualTo(first.serial());

            second.write(certificateFile, keyFile);

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> servedSerial().equals(second.serial()));
            // The same pooled connection answers again: it was not closed, and keeps its handshake.
            HttpResponse<String> again = get(keptOpen, url("https"));
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(serialOf(again)).isEqualTo(first.serial());
        }
    }

    @Test
    void aHalfWrittenPairIsRefusedWithAWarningAndTheServedCertificateKept() throws Exception {
        Issued first = CA.issue("localhost");
        Issued second = CA.issue("localhost");
        ApiTls tls = serve(first, Duration.ofHours(1));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ApiTls.class);
        logger.addAppender(log);
        try {
            second.writeCertificate(certificateFile);

            assertThat(tls.check()).isEqualTo(ApiTls.Check.REFUSED);
            assertThat(tls.check()).as("refused once per change, not at every look").isEqualTo(ApiTls.Check.UNCHANGED);
            assertThat(servedSerial()).isEqualTo(first.serial());
            assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("the key does not match the certificate")
                    .contains("still serving certificate serial " + first.serial().toString(16).toUpperCase());

            second.writeKey(keyFile, TestCertificates.KeyFormat.TRADITIONAL);

            assertThat(tls.check()).isEqualTo(ApiTls.Check.RELOADED);
            assertThat(servedSerial()).isEqualTo(second.serial());
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void unusableFilesStopTheStartWithWhatIsWrong() throws IOException {
        Issued served = CA.issue("localhost");
        served.writeCertificate(certificateFile);
        CA.issue("localhost").writeKey(keyFile, TestCertificates.KeyFormat.PKCS8);

        assertThatThrownBy(() -> ApiTls.load(new TlsFiles(certificateFile, keyFile)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(certificateFile.toString())
                .hasMessageContaining("the key does not match the certificate");
        Files.delete(keyFile);
        assertThatThrownBy(() -> ApiTls.load(new TlsFiles(certificateFile, keyFile)))
                .hasMessageContaining("cannot read them")
                .hasMessageContaining("api.key");
    }
}
