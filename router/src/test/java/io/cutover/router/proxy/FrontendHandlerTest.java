package io.cutover.router.proxy;

import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.router.eject.EjectionPolicy;
import io.cutover.router.pool.ConnectionPools;
import io.cutover.router.table.LiveTable;
import io.cutover.router.testing.Outbound;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The frontend alone, on an embedded channel: the answers the router gives itself. */
class FrontendHandlerTest {

    private final EventLoopGroup unusedLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ProxyCounters counters = new ProxyCounters();
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        LiveTable table = new LiveTable();
        table.apply(table(1, route("empty.localhost", "empty")));
        ConnectionPools pools = new ConnectionPools(unusedLoops, NioSocketChannel.class, Duration.ofSeconds(1), Duration.ofSeconds(1));
        ProxySettings settings = new ProxySettings(Duration.ofSeconds(5), Duration.ofSeconds(60), 2, 100, 1024, 256,
                EjectionPolicy.DISABLED, 100, 443);
        channel = new EmbeddedChannel(false, false);
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(new FrontendInitializer(table, pools, settings, counters));
        channel.register();
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        unusedLoops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        return Outbound.text(channel);
    }


    @Test
    void answers404NamingTheHostWhenNoRouteMatches() {
        String response = send("GET / HTTP/1.1\r\nHost: Foo.localhost:8080\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 404 Not Found\r\n")
                .contains("x-cutover-error: no-route\r\n")
                .contains("content-type: text/plain; charset=utf-8\r\n")
                .endsWith("\r\n\r\nno route for host \"foo.localhost\"\n");
        assertThat(counters.noRoute()).isEqualTo(1);
        assertThat(counters.responses(4)).isEqualTo(1);
    }

    @Test
    void answers503NamingTheAppWhenItsRouteHasNoInstance() {
        String response = send("GET / HTTP/1.1\r\nHost: empty.localhost\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                .contains("x-cutover-error: no-instance\r\n")
                .endsWith("app \"empty\" has no routable instance\n");
    }

    @Test
    void keepsTheConnectionAfterAnErrorAndAnswersPipelinedRequestsInOrder() {
        String responses = send("GET /1 HTTP/1.1\r\nHost: a.localhost\r\n\r\n"
                + "POST /2 HTTP/1.1\r\nHost: b.localhost\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /3 HTTP/1.1\r\nHost: c.localhost\r\n\r\n");

        assertThat(responses.indexOf("\"a.localhost\"")).isPositive();
        assertThat(responses.indexOf("\"b.localhost\"")).isGreaterThan(responses.indexOf("\"a.localhost\""));
        assertThat(responses.indexOf("\"c.localhost\"")).isGreaterThan(responses.indexOf("\"b.localhost\""));
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void sendsNoBodyToAHeadRequest() {
        String response = send("HEAD / HTTP/1.1\r\nHost: nowhere.localhost\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404 ").contains("content-length: 38\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void closesAfterTheErrorWhenTheClientAskedToClose() {
        String response = send("GET / HTTP/1.1\r\nHost: nowhere.localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404 ").contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void honoursKeepAliveFromAnHttp10Client() {
        String response = send("GET / HTTP/1.0\r\nHost: nowhere.localhost\r\nConnection: keep-alive\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404 ").contains("connection: keep-alive\r\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void rejectsContentLengthTogetherWithTransferEncoding() {
        String response = send("POST / HTTP/1.1\r\nHost: a.localhost\r\nContent-Length: 3\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("x-cutover-error: ambiguous-framing\r\n")
                .endsWith("request has both Content-Length and Transfer-Encoding\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answers431ToHeadersOverTheLimit() {
        String response = send("GET / HTTP/1.1\r\nHost: a.localhost\r\nX-Big: " + "x".repeat(2000) + "\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 431 ").contains("x-cutover-error: headers-too-large\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answers414ToARequestLineOverTheLimit() {
        String response = send("GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: a.localhost\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 414 ")
                .contains("x-cutover-error: request-line-too-long\r\n")
                .contains("connection: close\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answers400ToMoreThanOneHostHeader() {
        String response = send("GET / HTTP/1.1\r\nHost: nowhere.localhost\r\nhost: other.localhost\r\n\r\n");

        assertThat(response)
                .startsWith("HTTP/1.1 400 ")
                .contains("x-cutover-error: duplicate-host\r\n")
                .contains("connection: close\r\n")
                .endsWith("request has more than one Host header\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answers400ToAHostThatDiffersFromTheAbsoluteFormTarget() {
        String response = send("GET http://other.localhost/x HTTP/1.1\r\nHost: nowhere.localhost\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("x-cutover-error: host-mismatch\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void routesAnAbsoluteFormTargetWhoseAuthorityIsTheHost() {
        String response = send("GET http://user@Nowhere.localhost:8080/x HTTP/1.1\r\nHost: nowhere.localhost:8080\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 404 ").contains("no route for host \"nowhere.localhost\"");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void answers400ToAFoldedHeaderLine() {
        String response = send("GET / HTTP/1.1\r\nHost: nowhere.localhost\r\nX-Note: a\r\n\tb\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("x-cutover-error: obs-fold\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answers400ToAFoldedHeaderLineThatArrivesInTwoReads() {
        assertThat(send("GET / HTTP/1.1\r\nHost: nowhere.localhost\r\nX-Note: a\r\n")).isEmpty();

        String response = send(" b\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("x-cutover-error: obs-fold\r\n");
    }

    @Test
    void keepsSpacesAndTabsInsideHeaderValuesAndBodies() {
        String responses = send("POST / HTTP/1.1\r\nHost: nowhere.localhost\r\nX-Note: a \t b\r\nContent-Length: 4\r\n\r\n\n \n\t"
                + "GET / HTTP/1.1\r\nHost: nowhere.localhost\r\n\r\n");

        assertThat(responses.split("HTTP/1.1 404 ", -1)).hasSize(3);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void refusesAHeadRequestWithoutABody() {
        String response = send("HEAD / HTTP/1.1\r\nHost: a.localhost\r\nHost: b.localhost\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\n");
    }

    @Test
    void answersNothingAfterARefusedRequestOnTheSameConnection() {
        String responses = send("GET / HTTP/1.1\r\nHost: a.localhost\r\nHost: b.localhost\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: c.localhost\r\n\r\n");

        assertThat(responses).startsWith("HTTP/1.1 400 ").doesNotContain("c.localhost");
    }

    @Test
    void closesWithoutASecondAnswerWhenABodyTheRouterDropsHasAnInvalidChunkSize() {
        // The 404 is sent before the body is read; then the bad chunk ends the connection, without a second answer.
        String responses = send("POST / HTTP/1.1\r\nHost: nowhere.localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\nzz\r\n");

        assertThat(responses).startsWith("HTTP/1.1 404 ").doesNotContain("HTTP/1.1 400");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answers400ToAnHttp11RequestWithoutHost() {
        String response = send("GET / HTTP/1.1\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").endsWith("request has no Host header\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void answers400ToWhitespaceBetweenAHeaderNameAndItsColon() {
        // RFC 9112 §5.1: a server must reject it; proxies that pass it on have split requests in two.
        String response = send("GET / HTTP/1.1\r\nHost : a.localhost\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("x-cutover-error: malformed-request\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void answers400ToAHeaderNameThatIsNotAToken() {
        String response = send("GET / HTTP/1.1\r\nHost: a.localhost\r\nX(Bad): 1\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("x-cutover-error: malformed-request\r\n");
    }

    @Test
    void answers400ToANulInAHeaderValue() {
        String response = send("GET / HTTP/1.1\r\nHost: a.localhost\r\nX-Note: a\0b\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("x-cutover-error: malformed-request\r\n");
    }
}
