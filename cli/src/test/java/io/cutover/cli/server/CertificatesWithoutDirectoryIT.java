package io.cutover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.cli.CliRun;
import io.cutover.client.ApiClient;
import io.cutover.controller.ApiSecurity;
import io.cutover.controller.CutoverServer;
import io.cutover.controller.RouterTls;
import io.cutover.controller.ServerOptions;
import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.core.testing.TestCertificates.Issued;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS listeners with no certificate directory (the embedded router's {@code --router-tls-addr} alone, a
 * stand-alone router's {@code --listen-tls} alone): they fail handshakes until a certificate is added through
 * the API, then serve it, the first by name as the default, and fail again once it is removed.
 */
class CertificatesWithoutDirectoryIT {

    @TempDir
    Path dir;

    private final Authority ca = TestCertificates.authority("no-directory test CA");
    private CutoverServer server;
    private RouterProcess router;

    @BeforeEach
    void start() throws Exception {
        server = CutoverServer.start(ServerOptions.defaults().withDataDir(dir.resolve("data")).withApi("127.0.0.1", 0)
                .withRouter("127.0.0.1", 0).withSecurity(new ApiSecurity(false, true, null))
                .withRouterTls(new RouterTls("127.0.0.1", 0, null)));
        router = RouterProcess.start("r1", apiUrl(), dir.resolve("r1"), 0, Map.of(), List.of("--listen-tls", "127.0.0.1:0"));
    }

    @AfterEach
    void stop() throws Exception {
        if (router != null) {
            router.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aListenerWithoutDirectoryServesTheCertificatesAddedThroughTheApi() throws Exception {
        assertThatThrownBy(() -> servedSerial("shop.localhost")).as("no certificate yet: the handshake fails")
                .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> TlsProbe.servedSerial(ca, standAlone(), "shop.localhost")).isInstanceOf(SSLException.class);
        assertThat(CliRun.of("certs", "--server", apiUrl()).out()).contains("no router serves a certificate");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/routers").contains("\"r1\""));
        Issued shop = add("shop.localhost");
        Issued api = add("api.localhost");

        assertThat(servedSerial("shop.localhost")).isEqualTo(shop.serial());
        assertThat(servedSerial("api.localhost")).isEqualTo(api.serial());
        assertThat(servedSerial("elsewhere.localhost")).as("the first by name is the default").isEqualTo(api.serial());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = ApiClient.json().readTree(CliRun.of("certs", "-o", "json", "--server", apiUrl()).out());
            assertThat(rows).extracting(r -> r.path("router").asText() + "/" + r.path("certificate").asText())
                    .as("the stand-alone router, without --tls-dir, serves them too")
                    .contains("r1/api.localhost", "r1/shop.localhost", "embedded/api.localhost", "embedded/shop.localhost");
        });
        assertThat(TlsProbe.servedSerial(ca, standAlone(), "shop.localhost")).as("the stand-alone router serves it by SNI")
                .isEqualTo(shop.serial());

        assertThat(CliRun.of("certs", "remove", "api.localhost", "--server", apiUrl()).exitCode()).isZero();
        assertThat(servedSerial("elsewhere.localhost")).isEqualTo(shop.serial());
        assertThat(CliRun.of("certs", "remove", "shop.localhost", "--server", apiUrl()).exitCode()).isZero();
        assertThatThrownBy(() -> servedSerial("shop.localhost")).as("none left").isInstanceOf(SSLException.class);
        assertThat(get("/metrics")).containsPattern("cutover_router_tls_handshake_failures [1-9]");
    }

    private Issued add(String host) throws Exception {
        Issued issued = ca.issue(host);
        issued.write(dir.resolve(host + ".crt"), dir.resolve(host + ".key"));
        CliRun added = CliRun.of("certs", "add", host, "--cert", dir.resolve(host + ".crt").toString(),
                "--key", dir.resolve(host + ".key").toString(), "--server", apiUrl());
        assertThat(added.exitCode()).as(added.err()).isZero();
        return issued;
    }

    private java.math.BigInteger servedSerial(String sni) throws Exception {
        return TlsProbe.servedSerial(ca, server.routerTlsAddress(), sni);
    }

    /** The stand-alone router's TLS listener. */
    private InetSocketAddress standAlone() {
        return new InetSocketAddress("127.0.0.1", router.tlsPort);
    }

    private String apiUrl() {
        return "http://127.0.0.1:" + server.apiAddress().getPort();
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
