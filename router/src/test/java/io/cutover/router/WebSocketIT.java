package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.WebSocketEchoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A WebSocket upgrade passes through, then bytes are relayed both ways until one side closes. */
class WebSocketIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private HttpClient client;

    @BeforeEach
    void start() {
        router = fixture.router();
        WebSocketEchoServer echo = fixture.open(new WebSocketEchoServer());
        // The JDK WebSocket client sends Host: 127.0.0.1:<port>, so that is the route's host.
        router.apply(table(1, route("127.0.0.1", "chat", revision(1, 100, endpoint("chat-1", echo.port())))));
        client = HttpClient.newHttpClient();
        fixture.open(client::shutdownNow);
    }

    /** Opens a WebSocket through a router; whole text messages land in {@code received}, the close code in {@code closed}. */
    private WebSocket connect(Router through, BlockingQueue<String> received, CompletableFuture<Integer> closed) throws Exception {
        return client.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + through.address().getPort() + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            received.add(message.toString());
                            message.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete(-1);
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesMessagesThroughTheRouterAndCountsTheSessionUntilItCloses() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect(router, received, new CompletableFuture<>());

        for (int i = 1; i <= 3; i++) {
            socket.sendText("hello " + i, true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: hello " + i);
        }
        String big = "x".repeat(40_000);
        socket.sendText(big, true).get(10, TimeUnit.SECONDS);
        String echoed = received.poll(10, TimeUnit.SECONDS);
        assertThat(echoed).hasSize(6 + big.length()).isEqualTo("echo: " + big);
        assertThat(router.inFlight()).containsEntry("chat-1", 1);
        assertThat(router.stats().responses1xx()).isEqualTo(1);

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

        await().until(() -> router.inFlight().get("chat-1") == 0);
    }

    @Test
    void keepsATunnelInUseOpenPastTheIdleTimeoutAndClosesItOnceIdle() throws Exception {
        Router impatient = fixture.startRouter(options -> options.ioThreads(1).idleTimeout(Duration.ofMillis(300)));
        WebSocketEchoServer echo = fixture.open(new WebSocketEchoServer());
        impatient.apply(table(1, route("127.0.0.1", "chat", revision(1, 100, endpoint("chat-2", echo.port())))));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = connect(impatient, received, closed);

        // Messages back and forth for more than three idle timeouts: the tunnel is in use, so it stays.
        long until = System.nanoTime() + Duration.ofMillis(1000).toNanos();
        for (int i = 0; System.nanoTime() < until; i++) {
            socket.sendText("ping " + i, true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: ping " + i);
        }
        assertThat(closed).isNotDone();
        assertThat(impatient.inFlight()).containsEntry("chat-2", 1);

        // Then nothing: the router closes it and the instance stops counting it.
        await().atMost(Duration.ofSeconds(5)).until(closed::isDone);
        await().atMost(Duration.ofSeconds(5)).until(() -> impatient.inFlight().get("chat-2") == 0);
    }
}
