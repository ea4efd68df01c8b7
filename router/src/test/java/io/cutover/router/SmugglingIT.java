package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RecordingBackend;
import io.cutover.router.testing.RouterFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request-smuggling shapes sent as raw bytes through a real router to an instance that records what it
 * reads ({@link RecordingBackend}). For each shape: the client gets the answers due, in order (a 400 where
 * the router cannot frame the request unambiguously), the connection closes after a refusal, and the
 * instance reads exactly the requests the router framed, each whole — never a request hidden in another's
 * body or sent after a refusal ({@code /smuggled}). A probe on a new connection shows the router and its
 * pooled connections are sound afterwards.
 */
class SmugglingIT {

    private static final String HOST = "Host: app.localhost\r\n";
    /** A request the router must never pass on: it hides behind the case's request. */
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\n" + HOST + "\r\n";

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    Router router;
    private RecordingBackend backend;

    /**
     * @param request the bytes the client sends
     * @param statuses the answers due, in order; after a 4xx the router closes the connection
     * @param forwarded what the instance reads whole, as {@link RecordingBackend.Received#summary()}
     * @param cut whether the instance may also see a request cut short (its body went bad mid-stream)
     */
    record Shape(String name, String request, List<Integer> statuses, List<String> forwarded, boolean cut) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** The router the shapes go through: plain HTTP here, TLS in {@link SmugglingOverTlsIT}. */
    Router startRouter() {
        return fixture.router();
    }

    /** A new client connection to {@link #router}. */
    RawHttp connect() {
        return RawHttp.connect(router.address());
    }

    @BeforeEach
    void start() {
        router = startRouter();
        backend = fixture.open(new RecordingBackend());
        router.apply(table(1, route("app.localhost", "app", revision(1, 100, endpoint("app-1", backend.port())))));
    }

    static Stream<Shape> shapes() {
        List<Shape> all = new ArrayList<>();
        // Content-Length against Transfer-Encoding (CL.TE, TE.CL)
        all.add(refused("CL.TE", "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + SMUGGLED));
        all.add(refused("TE.CL", "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                + "5c\r\n" + SMUGGLED + "0\r\n\r\n"));
        // Transfer-Encoding obfuscations (TE.TE)
        for (String te : List.of("xchunked", "chunked, identity", "chunkedx", "chunked;q=1", "\"chunked\"",
                "chunked\r\nTransfer-Encoding: chunked", "chunked\r\nTransfer-Encoding: identity", "chunked, chunked")) {
            all.add(refused("Transfer-Encoding: " + te, "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: " + te
                    + "\r\nContent-Length: 4\r\n\r\n" + "5c\r\n" + SMUGGLED + "0\r\n\r\n"));
            all.add(refused("Transfer-Encoding: " + te + " without Content-Length", "POST / HTTP/1.1\r\n" + HOST
                    + "Transfer-Encoding: " + te + "\r\n\r\n" + "0\r\n\r\n" + SMUGGLED));
        }
        for (String header : List.of("Transfer-Encoding : chunked", "Transfer-Encoding\t: chunked", " Transfer-Encoding: chunked",
                "Transfer-Encoding:\u000bchunked", "Transfer-Encoding: identity\r\n chunked", "X-Pad: x\r\n\tTransfer-Encoding: chunked")) {
            all.add(refused(header, "POST / HTTP/1.1\r\n" + HOST + header + "\r\nContent-Length: 4\r\n\r\n"
                    + "5c\r\n" + SMUGGLED + "0\r\n\r\n"));
        }
        // Leading space or tab before chunked is optional whitespace: a valid chunked request, framed as one.
        for (String te : List.of(" chunked", "\tchunked", "chunked ", "CHUNKED", "gzip, chunked")) {
            all.add(new Shape("Transfer-Encoding:" + te + " (valid)", "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding:" + te
                    + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n", List.of(200), List.of("POST / hello"), false));
        }
        all.add(refused("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + SMUGGLED));
        // Content-Length variants
        for (String length : List.of("5\r\nContent-Length: 5", "5\r\nContent-Length: 6", "5, 5", "-5", "+5", "0x5", "5 5", "5.0",
                "99999999999999999999", "")) {
            all.add(refused("Content-Length: " + length, "POST / HTTP/1.1\r\n" + HOST + "Content-Length: " + length + "\r\n\r\n"
                    + "hello" + SMUGGLED));
        }
        all.add(refused("space before the colon of Content-Length", "POST / HTTP/1.1\r\n" + HOST + "Content-Length : 5\r\n\r\n"
                + "hello" + SMUGGLED));
        all.add(new Shape("a body that looks like a request is a body", "POST / HTTP/1.1\r\n" + HOST + "Content-Length: "
                + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED, List.of(200), List.of("POST / " + SMUGGLED), false));
        // Chunk sizes and extensions
        all.add(new Shape("chunk extensions", "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                + "5;name=value;flag\r\nhello\r\n0;last\r\nX-Trailer: t\r\n\r\n", List.of(200), List.of("POST / hello"), false));
        for (String size : List.of("fffffffffffffffff", "100000000", "-5", "+5", "0x5", "5 5", "zz", "", "5;\u0001", "5;a\nb",
                "5\u000b")) {
            all.add(new Shape("chunk size " + printable(size), "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n" + size + "\r\n" + "hello\r\n0\r\n\r\n" + SMUGGLED, List.of(400), List.of(), true));
        }
        all.add(new Shape("chunk longer than its size", "POST / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                + "3\r\nhello\r\n0\r\n\r\n" + SMUGGLED, List.of(400), List.of(), true));
        // Line endings and bytes that are not allowed in a head
        all.add(refused("bare CR in a header value", "GET / HTTP/1.1\r\n" + HOST + "X-Note: a\rTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n" + SMUGGLED));
        all.add(refused("bare CR ending a header line", "GET / HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\r\n\r\n" + SMUGGLED));
        all.add(refused("bare LF ending header lines", "GET / HTTP/1.1\n" + HOST.replace("\r\n", "\n") + "\n" + SMUGGLED));
        all.add(refused("NUL in a header value", "GET / HTTP/1.1\r\n" + HOST + "X-Note: a\u0000b\r\n\r\n" + SMUGGLED));
        all.add(refused("folded header line", "GET / HTTP/1.1\r\n" + HOST + "X-Note: a\r\n b\r\n\r\n" + SMUGGLED));
        all.add(refused("two Host headers", "GET / HTTP/1.1\r\n" + HOST + "Host: other.localhost\r\n\r\n" + SMUGGLED));
        all.add(refused("Host differing from the absolute-form target", "GET http://other.localhost/ HTTP/1.1\r\n" + HOST
                + "\r\n" + SMUGGLED));
        all.add(refused("space inside the target", "GET /a " + SMUGGLED.substring(4)));
        // Pipelined requests after an error: the ones before it are answered, nothing after it is passed on.
        all.add(new Shape("pipelined after a malformed head", "GET /first HTTP/1.1\r\n" + HOST + "\r\n"
                + "GARBAGE\r\n\r\n" + SMUGGLED, List.of(200, 400), List.of("GET /first"), false));
        all.add(new Shape("pipelined after a refused head", "GET /first HTTP/1.1\r\n" + HOST + "\r\n"
                + "GET /second HTTP/1.1\r\n" + HOST + HOST + "\r\n" + SMUGGLED, List.of(200, 400), List.of("GET /first"), false));
        all.add(new Shape("a GET body that ends in the middle of a request line", "GET /first HTTP/1.1\r\n" + HOST
                + "Content-Length: 5\r\n\r\n" + SMUGGLED, List.of(200, 400), List.of("GET /first GET /"), false));
        all.add(new Shape("pipelined after a bad chunk", "POST /first HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nzz\r\n\r\n" + SMUGGLED + SMUGGLED, List.of(400), List.of(), true));
        all.add(new Shape("pipelined valid requests are each framed", "GET /first HTTP/1.1\r\n" + HOST + "\r\n"
                + "POST /second HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\nhi"
                + "POST /third HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\nyo\r\n0\r\n\r\n",
                List.of(200, 200, 200), List.of("GET /first", "POST /second hi", "POST /third yo"), false));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void passesOnOnlyWhatItFramesAsWholeRequests(Shape shape) {
        List<Integer> statuses = new ArrayList<>();
        try (RawHttp client = connect()) {
            client.send(shape.request());
            for (int i = 0; i < shape.statuses().size(); i++) {
                RawHttp.Response response = client.read();
                statuses.add(response.status());
                if (response.status() >= 400) {
                    assertThat(response.header("connection")).as("after a refusal").isEqualTo("close");
                    assertThat(response.header("x-cutover-error")).isNotNull();
                }
            }
            assertThat(statuses).isEqualTo(shape.statuses());
            if (statuses.getLast() >= 400) {
                assertThat(client.closedByPeer()).as("the connection ends after the refusal").isTrue();
            }
        }

        try (RawHttp probe = connect()) {
            RawHttp.Response response = probe.send("GET /probe HTTP/1.1\r\n" + HOST + "\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("/probe");
        }
        List<String> expected = new ArrayList<>(shape.forwarded());
        expected.add("GET /probe");
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.summaries().size() >= expected.size());
        assertThat(backend.summaries()).isEqualTo(expected);
        if (shape.cut()) {
            assertThat(backend.problems()).allMatch(problem -> problem.contains("ended inside a request"));
        } else {
            assertThat(backend.problems()).isEmpty();
        }
    }

    private static Shape refused(String name, String request) {
        return new Shape(name, request, List.of(400), List.of(), false);
    }

    private static String printable(String text) {
        return text.isEmpty() ? "(empty)" : text.replace("\n", "\\n").replace("\u0001", "\\x01").replace("\u000b", "\\v");
    }
}
