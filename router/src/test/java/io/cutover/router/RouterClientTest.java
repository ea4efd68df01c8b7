package io.cutover.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RouterClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the server saw: method, Host, one header, body. */
    private record Seen(String method, String host, String accept, String body) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().getFirst("Accept"), body));
            byte[] answer = ("answer to " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Cutover-Error", "no-route");
            exchange.getResponseHeaders().add("X-Many", "a");
            exchange.getResponseHeaders().add("X-Many", "b");
            if (exchange.getRequestURI().getPath().equals("/chunked")) {
                exchange.sendResponseHeaders(200, 0); // 0: chunked, as a streamed answer comes
            } else {
                exchange.sendResponseHeaders(503, answer.length);
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RouterClient client() {
        return new RouterClient(server.getAddress(), TIMEOUT);
    }

    @Test
    void sendsTheHostItIsGivenNotTheRoutersAddress() throws IOException {
        RouterClient.Answer answer = client().get("hello.localhost", "/login?x=1");

        assertThat(seen).containsExactly(new Seen("GET", "hello.localhost", null, ""));
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).isEqualTo("answer to /login?x=1");
        assertThat(answer.header("x-cutover-error")).hasValue("no-route");
        assertThat(answer.header("X-Cutover-Error")).hasValue("no-route");
        assertThat(answer.headers().get("x-many")).containsExactly("a", "b");
        assertThat(answer.header("X-Missing")).isEmpty();
    }

    @Test
    void sendsTheMethodHeadersAndBody() throws IOException {
        client().send("POST", "api.localhost", "/api/x", Map.of("Accept", "application/json"), "{\"order\": 1}");

        assertThat(seen).containsExactly(new Seen("POST", "api.localhost", "application/json", "{\"order\": 1}"));
    }

    @Test
    void readsAChunkedAnswerWhole() throws IOException {
        RouterClient.Answer answer = client().get("hello.localhost", "/chunked");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("answer to /chunked");
    }

    @Test
    void readsAnAnswerThatEndsWithTheConnection() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = raw.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test fails on the client's side
                }
            });

            RouterClient.Answer answer = new RouterClient((InetSocketAddress) raw.getLocalSocketAddress(), TIMEOUT)
                    .get("hello.localhost", "/");

            assertThat(answer.body()).isEqualTo("until the end");
        }
    }

    @Test
    void givesUpOnARouterThatDoesNotAnswerWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RouterClient client = new RouterClient((InetSocketAddress) silent.getLocalSocketAddress(), Duration.ofMillis(300));

            assertThatThrownBy(() -> client.get("hello.localhost", "/"))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("GET / to the router at 127.0.0.1:" + silent.getLocalPort())
                    .hasMessageContaining("no whole answer within 300ms");
        }
    }

    @Test
    void failsWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThatThrownBy(() -> RouterClient.at("127.0.0.1:" + port, TIMEOUT).get("hello.localhost", "/"))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void readsAddressesAsTheApiListsRoutersAndTakesAWildcardHostForThisMachine() throws IOException {
        assertThat(RouterClient.at("0.0.0.0:" + server.getAddress().getPort(), TIMEOUT).address())
                .isEqualTo("127.0.0.1:" + server.getAddress().getPort());
        assertThat(RouterClient.at("0.0.0.0:" + server.getAddress().getPort(), TIMEOUT).get("a.localhost", "/").body())
                .isEqualTo("answer to /");
        assertThat(RouterClient.at("[::1]:8080", TIMEOUT).address()).isEqualTo("[0:0:0:0:0:0:0:1]:8080");
        assertThatThrownBy(() -> RouterClient.at("127.0.0.1", TIMEOUT)).hasMessage("address: 127.0.0.1 (expected: HOST:PORT)");
        assertThatThrownBy(() -> RouterClient.at("127.0.0.1:0", TIMEOUT)).hasMessage("address: 127.0.0.1:0 (expected: HOST:PORT)");
        assertThatThrownBy(() -> RouterClient.at(":8080", TIMEOUT)).hasMessage("address: :8080 (expected: HOST:PORT)");
    }
}
