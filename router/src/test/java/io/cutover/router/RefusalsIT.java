package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RecordingBackend;
import io.cutover.router.testing.RouterFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The router's refusals reach a client that is still sending: the router reads and drops the rest before
 * it closes, so the connection is not reset under the answer.
 */
class RefusalsIT {

    private static final String HOST = "Host: app.localhost\r\n";
    /** Far more than the router reads before it refuses, and more than the sockets' buffers hold. */
    private static final int FLOOD = 64 * 1024 * 1024;
    private static final byte[] PART = "x".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private RecordingBackend backend;

    @BeforeEach
    void start() {
        router = fixture.router();
        backend = fixture.open(new RecordingBackend());
        router.apply(table(1, route("app.localhost", "app", revision(1, 100, endpoint("app-1", backend.port())))));
    }

    @Test
    void answers431ToHeadersOverTheLimitWhileTheClientSendsMore() {
        try (RawHttp client = RawHttp.connect(router.address())) {
            flood(client.send("GET / HTTP/1.1\r\n" + HOST + "X-Big: "));
            RawHttp.Response response = client.send("\r\n\r\n").read();

            assertThat(response.status()).isEqualTo(431);
            assertThat(response.header("x-cutover-error")).isEqualTo("headers-too-large");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(response.bodyText()).isEqualTo("request headers larger than 8192 bytes\n");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(backend.connections()).isZero();
    }

    @Test
    void answers414ToARequestLineOverTheLimitWhileTheClientSendsMore() {
        try (RawHttp client = RawHttp.connect(router.address())) {
            flood(client.send("GET /"));
            RawHttp.Response response = client.send(" HTTP/1.1\r\n" + HOST + "\r\n").read();

            assertThat(response.status()).isEqualTo(414);
            assertThat(response.header("x-cutover-error")).isEqualTo("request-line-too-long");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(backend.connections()).isZero();
    }

    @Test
    void answers400ToAnInvalidChunkSizeWhileTheClientSendsMore() {
        try (RawHttp client = RawHttp.connect(router.address())) {
            flood(client.send("POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"));
            RawHttp.Response response = client.read();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("x-cutover-error")).isEqualTo("malformed-body");
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(backend.summaries()).isEmpty();
    }

    /** Sends {@link #FLOOD} bytes of {@code x}, as a client does that writes its whole request before reading. */
    private static void flood(RawHttp client) {
        for (int sent = 0; sent < FLOOD; sent += PART.length) {
            client.send(PART);
        }
    }
}
