package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.router.testing.Http;
import io.cutover.router.testing.Patterns;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bodies stream through the router both ways, chunk by chunk, never gathered whole. */
class StreamingIT {

    private static final int FIVE_MIB = 5 * 1024 * 1024;

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private Http http;
    private TestBackend app;

    @BeforeEach
    void start() {
        router = fixture.router();
        http = fixture.http();
        app = fixture.backend("app");
        router.apply(table(1, route("files.localhost", "files", revision(1, 100, endpoint("f", app.port())))));
    }

    @Test
    void uploadsFiveMibWithAContentLength() {
        byte[] body = Patterns.bytes(FIVE_MIB);

        HttpResponse<String> response = http.send(http.request("files.localhost", "/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("bytes=" + FIVE_MIB + " sha256=" + sha256(body));
    }

    @Test
    void uploadsFiveMibInChunks() {
        byte[] body = Patterns.bytes(FIVE_MIB);

        HttpResponse<String> response = http.send(http.request("files.localhost", "/upload")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("bytes=" + FIVE_MIB + " sha256=" + sha256(body));
    }

    @Test
    void passesExpectContinueThroughToTheApp() {
        byte[] body = Patterns.bytes(100_000);

        HttpResponse<String> response = http.send(http.request("files.localhost", "/upload").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body()).isEqualTo("bytes=100000 sha256=" + sha256(body));
        assertThat(router.stats().responses1xx()).isEqualTo(1);
    }

    @Test
    void answersHeadWithHeadersOnlyAndKeepsTheConnection() {
        try (RawHttp raw = RawHttp.connect(router.address())) {
            RawHttp.Response head = raw.send("HEAD /download?bytes=1000 HTTP/1.1\r\nHost: files.localhost\r\n\r\n").read(true);
            RawHttp.Response get = raw.send("GET / HTTP/1.1\r\nHost: files.localhost\r\n\r\n").read();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(get.bodyText()).isEqualTo("app");
        }
    }

    @Test
    void downloadsFiveMib() {
        HttpResponse<byte[]> response = http.send(http.request("files.localhost", "/download?bytes=" + FIVE_MIB).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(FIVE_MIB);
        assertThat(sha256(response.body())).isEqualTo(Patterns.sha256OfRepeated(8192, FIVE_MIB));
    }

    @Test
    void deliversTheFirstBytesOfAResponseBeforeTheAppHasSentTheRest() throws IOException {
        HttpResponse<InputStream> response = http.send(
                http.request("files.localhost", "/download-gated?bytes=" + 3 * TestBackend.GATE_BYTES).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes(TestBackend.GATE_BYTES);
            assertThat(first).hasSize(TestBackend.GATE_BYTES);
            assertThat(app.slowWaiting()).isEqualTo(1);

            app.releaseSlow();

            assertThat(body.readAllBytes()).hasSize(2 * TestBackend.GATE_BYTES);
        }
    }

    @Test
    void deliversTheFirstBytesOfARequestBeforeTheClientHasSentTheRest() {
        try (RawHttp raw = RawHttp.connect(router.address())) {
            raw.send("POST /upload HTTP/1.1\r\nHost: files.localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "400\r\n" + "a".repeat(1024) + "\r\n");

            await().until(app::uploadStarted);
            raw.send("400\r\n" + "b".repeat(1024) + "\r\n0\r\n\r\n");

            assertThat(raw.read().bodyText()).startsWith("bytes=2048 ");
        }
    }

    @Test
    void rejectsARequestWithBothContentLengthAndTransferEncoding() {
        try (RawHttp raw = RawHttp.connect(router.address())) {
            RawHttp.Response response = raw.send("POST /upload HTTP/1.1\r\nHost: files.localhost\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("x-cutover-error")).isEqualTo("ambiguous-framing");
            assertThat(raw.closedByPeer()).isTrue();
        }
        assertThat(app.requests()).isZero();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
