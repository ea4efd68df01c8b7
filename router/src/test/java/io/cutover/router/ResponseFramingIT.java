package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RecordingBackend;
import io.cutover.router.testing.RouterFixture;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses from instances that cannot be framed, or that carry more than their framing says, end only
 * their own exchange: the client gets a 502 (or the part that was framed), the instance's connection is
 * not reused, and the next request works on a fresh connection.
 */
class ResponseFramingIT {

    private static final String HOST = "Host: app.localhost\r\n";

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture(options -> options.ioThreads(1));

    /** Starts the app's instance: it answers the targets in {@code answers} with those bytes, others with 200. */
    private RecordingBackend instance(Map<String, String> answers) {
        RecordingBackend backend = fixture.open(new RecordingBackend(request -> {
            String answer = answers.get(request.target());
            return answer == null ? RecordingBackend.ok(request.target()) : answer.getBytes(StandardCharsets.ISO_8859_1);
        }));
        fixture.router().apply(table(1, route("app.localhost", "app", revision(1, 100, endpoint("app-1", backend.port())))));
        return backend;
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @ValueSource(strings = {"abc", "-1", "+5", "5, 6", "5\r\nContent-Length: 6", "5\r\nTransfer-Encoding: chunked", ""})
    void answers502ToAnUnframeableResponseAndServesTheNextOnAFreshConnection(String length) {
        RecordingBackend backend = instance(Map.of("/bad", "HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\nhello"));

        try (RawHttp client = RawHttp.connect(fixture.router().address())) {
            RawHttp.Response bad = client.send("GET /bad HTTP/1.1\r\n" + HOST + "\r\n").read();
            assertThat(bad.status()).isEqualTo(502);
            assertThat(bad.header("x-cutover-error")).isEqualTo("invalid-response");

            RawHttp.Response next = client.send("GET /next HTTP/1.1\r\n" + HOST + "\r\n").read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).isEqualTo("/next");
        }
        assertThat(backend.connections()).as("the bad connection is not reused").isEqualTo(2);
    }

    @ParameterizedTest(name = "after the body: {0}")
    @ValueSource(strings = {"XYZ", "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nevil", "HTTP/1.1 200 OK\r\nContent-Le", "\r\n"})
    void sendsWhatTheLengthFramesAndDoesNotReuseAConnectionThatSentMore(String extra) {
        RecordingBackend backend = instance(Map.of("/bad", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" + extra));

        try (RawHttp client = RawHttp.connect(fixture.router().address())) {
            RawHttp.Response bad = client.send("GET /bad HTTP/1.1\r\n" + HOST + "\r\n").read();
            assertThat(bad.status()).isEqualTo(200);
            assertThat(bad.bodyText()).isEqualTo("ok");

            RawHttp.Response next = client.send("GET /next HTTP/1.1\r\n" + HOST + "\r\n").read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).isEqualTo("/next");
        }
        assertThat(backend.connections()).as("the connection that sent more is not reused").isEqualTo(2);
    }

    @Test
    void cutsTheClientOffWhenAChunkedResponseGoesBadAndServesTheNextOnAFreshConnection() {
        RecordingBackend backend = instance(Map.of("/bad",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\n"));

        try (RawHttp client = RawHttp.connect(fixture.router().address())) {
            client.send("GET /bad HTTP/1.1\r\n" + HOST + "\r\n");
            assertThatThrownBy(client::read).as("no whole response").isInstanceOf(UncheckedIOException.class);
        }
        try (RawHttp client = RawHttp.connect(fixture.router().address())) {
            RawHttp.Response next = client.send("GET /next HTTP/1.1\r\n" + HOST + "\r\n").read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).isEqualTo("/next");
        }
        assertThat(backend.connections()).isEqualTo(2);
    }

    @Test
    void keepsBothConnectionsAfterHeadResponsesThatHaveNoBody() {
        RecordingBackend backend = instance(Map.of(
                "/length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
                "/chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));

        try (RawHttp client = RawHttp.connect(fixture.router().address())) {
            RawHttp.Response length = client.send("HEAD /length HTTP/1.1\r\n" + HOST + "\r\n").read(true);
            assertThat(length.status()).isEqualTo(200);
            assertThat(length.header("content-length")).isEqualTo("5");

            RawHttp.Response chunked = client.send("HEAD /chunked HTTP/1.1\r\n" + HOST + "\r\n").read(true);
            assertThat(chunked.status()).isEqualTo(200);

            RawHttp.Response next = client.send("GET /next HTTP/1.1\r\n" + HOST + "\r\n").read();
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.bodyText()).isEqualTo("/next");
        }
        assertThat(backend.connections()).isEqualTo(1);
    }
}
