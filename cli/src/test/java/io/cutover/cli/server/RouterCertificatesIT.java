package io.cutover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routers' certificates as operators see them: what each router's TLS listener serves reaches
 * {@code cutover certs} (the stand-alone router through its heartbeats) and {@code /metrics}, an expired one
 * marked; a heartbeat listing malformed certificates is refused.
 */
class RouterCertificatesIT {

    @TempDir
    Path dir;

    private final Authority ca = TestCertificates.authority("certs test CA");
    private CutoverServer server;
    private RouterProcess router;
    private Issued edge;
    private Issued expired;

    @BeforeEach
    void start() throws Exception {
        Path embeddedCerts = Files.createDirectories(dir.resolve("embedded-certs"));
        Path routerCerts = Files.createDirectories(dir.resolve("router-certs"));
        edge = ca.issue("edge.localhost", "*.edge.localhost");
        edge.write(embeddedCerts.resolve("edge.crt"), embeddedCerts.resolve("edge.key"));
        ca.issue("a.localhost").write(routerCerts.resolve("a.crt"), routerCerts.resolve("a.key"));
        expired = ca.issueExpired("old.localhost");
        expired.write(routerCerts.resolve("old.crt"), routerCerts.resolve("old.key"));
        server = CutoverServer.start(ServerOptions.defaults().withDataDir(dir.resolve("data")).withApi("127.0.0.1", 0)
                .withRouter("127.0.0.1", 0).withSecurity(new ApiSecurity(false, true, null))
                .withRouterTls(new RouterTls("127.0.0.1", 0, embeddedCerts)));
        router = RouterProcess.start("r1", apiUrl(), dir.resolve("r1"), 0, Map.of(),
                List.of("--listen-tls", "127.0.0.1:0", "--tls-dir", routerCerts.toString()));
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

    private String apiUrl() {
        return "http://127.0.0.1:" + server.apiAddress().getPort();
    }

    @Test
    void certsListsWhatEveryRouterServesSoonestToExpireFirst() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CliRun json = CliRun.of("certs", "-o", "json", "--server", apiUrl());
            assertThat(json.exitCode()).as(json.err()).isZero();
            JsonNode rows = ApiClient.json().readTree(json.out());
            assertThat(rows).extracting(r -> r.path("router").asText() + "/" + r.path("certificate").asText())
                    .containsExactly("r1/old", "embedded/edge", "r1/a");
        });
        CliRun table = CliRun.of("certs", "--server", apiUrl());

        assertThat(table.out()).contains("ROUTER").contains("DAYS LEFT");
        assertThat(table.out().lines().filter(l -> l.startsWith("r1") && l.contains("old.localhost")))
                .singleElement().asString().contains("EXPIRED").contains(expired.serial().toString(16).toUpperCase());
        assertThat(table.out()).contains("edge.localhost,*.edge.localhost");
    }

    @Test
    void metricsCarryTheEmbeddedRoutersCertificateExpiry() throws Exception {
        String metrics = get("/metrics");

        assertThat(metrics).contains("cutover_router_certificate_expiry_timestamp_seconds{certificate=\"edge\"} "
                + (double) edge.certificate().getNotAfter().toInstant().getEpochSecond());
        assertThat(metrics).contains("cutover_router_tls_handshake_failures 0.0");
    }

    @Test
    void aHeartbeatWithMalformedCertificatesIsRefusedNamingTheField() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/routers").contains("\"r1\""));
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(apiUrl() + "/v1/routing/heartbeats"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"router\":\"r1\",\"address\":\"127.0.0.1:1\",\"certificates\":"
                        + "[{\"name\":\"x\",\"hosts\":[\"x.localhost\"],\"serial\":\"1\",\"notAfter\":\"soon\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("certificates[0].notAfter").contains("ISO-8601");
        assertThat(get("/v1/routers")).doesNotContain("\"soon\"");
    }

    @Test
    void certsAddServesACertificateOnEveryRouterUntilCertsRemove() throws Exception {
        Issued shop = ca.issue("shop.localhost");
        shop.write(dir.resolve("shop.crt"), dir.resolve("shop.key"));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/routers").contains("\"r1\""));

        CliRun added = CliRun.of("certs", "add", "shop.localhost", "--cert", dir.resolve("shop.crt").toString(),
                "--key", dir.resolve("shop.key").toString(), "--server", apiUrl());

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("certificate shop.localhost").contains("on every live router");
        assertThat(servedSerial("shop.localhost")).as("the embedded router serves it by SNI").isEqualTo(shop.serial());
        assertThat(servedSerial("elsewhere.localhost")).isEqualTo(edge.serial());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CliRun.of("certs", "--server", apiUrl()).out().lines()
                .anyMatch(l -> l.startsWith("r1") && l.contains("shop.localhost"))).as("the stand-alone router reports it too").isTrue());
        assertThat(get("/v1/certificates")).contains("\"shop.localhost\"").doesNotContain("PRIVATE KEY");
        assertThat(get("/v1/routing/table")).contains("BEGIN CERTIFICATE").as("keys reach routers only").doesNotContain("PRIVATE KEY");

        CliRun removed = CliRun.of("certs", "remove", "shop.localhost", "--server", apiUrl());

        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(servedSerial("shop.localhost")).isEqualTo(edge.serial());
        assertThat(CliRun.of("certs", "remove", "shop.localhost", "--server", apiUrl()).exitCode()).isNotZero();
    }

    @Test
    void aCertificateThatCannotBeServedIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
        Issued shop = ca.issue("shop.localhost");
        Issued other = ca.issue("other.localhost");
        shop.write(dir.resolve("shop.crt"), dir.resolve("shop.key"));
        other.write(dir.resolve("other.crt"), dir.resolve("other.key"));
        ca.issueExpired("old.localhost").write(dir.resolve("old.crt"), dir.resolve("old.key"));

        CliRun mismatched = CliRun.of("certs", "add", "shop.localhost", "--cert", dir.resolve("shop.crt").toString(),
                "--key", dir.resolve("other.key").toString(), "--server", apiUrl());
        CliRun wrongHost = CliRun.of("certs", "add", "shop.localhost", "--cert", dir.resolve("other.crt").toString(),
                "--key", dir.resolve("other.key").toString(), "--server", apiUrl());
        CliRun old = CliRun.of("certs", "add", "old.localhost", "--cert", dir.resolve("old.crt").toString(),
                "--key", dir.resolve("old.key").toString(), "--server", apiUrl());
        CliRun badName = CliRun.of("certs", "add", "Shop_Local", "--cert", dir.resolve("shop.crt").toString(),
                "--key", dir.resolve("shop.key").toString(), "--server", apiUrl());

        assertThat(mismatched.exitCode()).isNotZero();
        assertThat(mismatched.err()).contains("key: the key does not match the certificate");
        assertThat(wrongHost.err()).contains("certificate: it does not name shop.localhost (its DNS names: other.localhost)");
        assertThat(old.err()).contains("certificate: it expired at");
        assertThat(badName.err()).contains("name: \"Shop_Local\"");
        assertThat(get("/v1/certificates")).isEqualTo("[]");
    }

    /** The serial of the certificate the embedded router's TLS listener serves for {@code sni}. */
    private BigInteger servedSerial(String sni) throws Exception {
        return TlsProbe.servedSerial(ca, server.routerTlsAddress(), sni);
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(apiUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
