package io.cutover.controller;

import io.cutover.controller.api.tls.TlsFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.testing.TestCertificates;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.tls.PemTrust;
import io.cutover.router.Router;
import io.cutover.router.RouterOptions;
import io.cutover.router.link.ControllerLink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole server with {@code --tls-cert}/{@code --tls-key}: its API over HTTPS only, a stand-alone router following it. */
class ApiTlsServerIT {

    @TempDir
    Path dir;

    private CutoverServer server;
    private SSLContext trust;
    private TestCertificates.ServerFiles files;

    @BeforeEach
    void start() {
        files = TestCertificates.serverFiles(dir);
        trust = PemTrust.trusting(files.ca());
        server = CutoverServer.start(ServerOptions.defaults().withDataDir(dir.resolve("data")).withApi("127.0.0.1", 0)
                .withoutRouter().withApiTls(new TlsFiles(files.certificate(), files.key())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI api(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.apiAddress().getPort() + path);
    }

    private HttpResponse<String> get(HttpClient client, URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + adminToken()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String adminToken() throws IOException {
        return java.nio.file.Files.readString(server.adminTokenFile()).strip();
    }

    @Test
    void anApiOnAnAddressOtherThanLoopbackNeedsTlsAndTokens() {
        ServerOptions exposed = ServerOptions.defaults().withDataDir(dir.resolve("exposed")).withApi("0.0.0.0", 0).withoutRouter();

        assertThatThrownBy(() -> CutoverServer.start(exposed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.0.0.0 is not loopback").hasMessageContaining("--tls-cert FILE --tls-key FILE");
        assertThatThrownBy(() -> CutoverServer.start(exposed.withSecurity(
                        new ApiSecurity(false, false, new TlsFiles(files.certificate(), files.key())))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokens (drop --auth none)");
        assertThat(dir.resolve("exposed")).as("refused before anything was created").doesNotExist();
        try (CutoverServer open = CutoverServer.start(exposed.withApiTls(new TlsFiles(files.certificate(), files.key())))) {
            assertThat(open.apiAddress().getPort()).isPositive();
        }
    }

    @Test
    void servesTheApiOverHttpsAndNotOverPlainHttp() throws Exception {
        try (HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust).build();
                HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> health = get(https, api("https", "/healthz"));
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");
            assertThat(get(https, api("https", "/v1/apps")).body()).isEqualTo("[]");

            assertThatThrownBy(() -> get(plain, api("http", "/healthz"))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aStandAloneRouterThatTrustsTheCaFollowsTheControllerOverHttps() throws Exception {
        try (Router router = Router.start(RouterOptions.builder().bindHost("127.0.0.1").port(0).build());
                ControllerLink link = ControllerLink.builder(router, api("https", ""), "r1",
                        "127.0.0.1:" + router.address().getPort()).tls(trust).token(adminToken()).start();
                HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust).build()) {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                JsonNode routers = Manifests.json().readTree(get(https, api("https", "/v1/routers")).body());
                assertThat(routers).anySatisfy(r -> {
                    assertThat(r.get("id").asText()).isEqualTo("r1");
                    assertThat(r.get("live").asBoolean()).isTrue();
                });
            });
        }
    }
}
