package io.cutover.router;

import static io.cutover.router.testing.GrpcEchoServer.bytes;
import static io.cutover.router.testing.GrpcEchoServer.text;
import static io.cutover.router.testing.Tables.h2cEndpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cutover.core.testing.TestCertificates;
import io.cutover.router.testing.GrpcEchoServer;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RouterFixture;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** gRPC clients through a real router to real gRPC servers, instances that speak h2c ({@code run.protocol: h2c}). */
class GrpcIT {

    private static final String HOST = "grpc.localhost";

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    @TempDir
    Path dir;

    private final List<GrpcEchoServer> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Router router;
    private GrpcEchoServer first;

    @BeforeEach
    void start() {
        TestCertificates.authority("grpc test CA").issue(HOST).write(dir.resolve("grpc.crt"), dir.resolve("grpc.key"));
        router = fixture.startRouter(o -> o.tls("127.0.0.1", 0, dir));
        first = server("grpc-1");
        router.apply(table(1, route(HOST, "grpc", revision(1, 100, h2cEndpoint("grpc-1", first.port())))));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        for (GrpcEchoServer server : servers) {
            server.close();
        }
    }

    @Test
    void unaryCallsShareOneConnectionToTheInstance() {
        ManagedChannel channel = plaintext();

        for (int i = 0; i < 20; i++) {
            assertThat(text(unary(channel, "m" + i))).isEqualTo("grpc-1:m" + i);
        }

        assertThat(first.calls()).isEqualTo(20);
        assertThat(first.connections()).as("streams multiplexed on one connection").isEqualTo(1);
        assertThat(first.lastForwardedProto()).isEqualTo("http");
    }

    @Test
    void serverStreamingArrivesWholeAndInOrder() {
        Iterator<byte[]> answers = ClientCalls.blockingServerStreamingCall(plaintext(), GrpcEchoServer.COUNT, options(), bytes("200"));

        List<String> got = new ArrayList<>();
        answers.forEachRemaining(answer -> got.add(text(answer)));

        assertThat(got).hasSize(200).startsWith("grpc-1:0", "grpc-1:1").endsWith("grpc-1:199");
    }

    @Test
    void bidiStreamsGoBothWaysMessageByMessageAndCountInFlight() throws Exception {
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
                plaintext().newCall(GrpcEchoServer.CHAT, options()), collect(answers, done));

        for (String message : List.of("a", "b", "c")) {
            requests.onNext(bytes(message));
            // each answer comes before the next message is sent: nothing waits for the end of the stream
            assertThat(answers.poll(10, TimeUnit.SECONDS)).isEqualTo("grpc-1:" + message);
            assertThat(router.inFlight()).containsEntry("grpc-1", 1);
        }
        requests.onCompleted();

        done.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> router.inFlight().getOrDefault("grpc-1", 0) == 0);
    }

    @Test
    void statusesAndTrailersPassThrough() {
        ManagedChannel channel = plaintext();

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcEchoServer.DENY, options(), bytes("x")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("not you");
                });

        List<String> got = new ArrayList<>();
        Iterator<byte[]> answers = ClientCalls.blockingServerStreamingCall(channel, GrpcEchoServer.COUNT_THEN_FAIL, options(),
                bytes("x"));
        assertThatThrownBy(() -> answers.forEachRemaining(answer -> got.add(text(answer))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
                    assertThat(e.getTrailers().get(GrpcEchoServer.REASON)).isEqualTo("counted to three");
                });
        assertThat(got).containsExactly("grpc-1:0", "grpc-1:1", "grpc-1:2");
    }

    @Test
    void overTlsByAlpn() throws Exception {
        InetSocketAddress tls = router.tlsAddress();
        ManagedChannel channel = keep(NettyChannelBuilder.forAddress(tls.getHostString(), tls.getPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build())
                .overrideAuthority(HOST)
                .build());

        assertThat(text(unary(channel, "secure"))).isEqualTo("grpc-1:secure");
        assertThat(first.lastForwardedProto()).isEqualTo("https");
    }

    @Test
    void anHttp1ClientGetsTheAnswerAndItsTrailersInAChunkedBody() {
        byte[] frame = grpcFrame("plain");
        RawHttp http = fixture.open(RawHttp.connect(router.address()));

        http.send(("POST /" + GrpcEchoServer.SERVICE + "/Unary HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Type: application/grpc\r\n"
                + "TE: trailers\r\nContent-Length: " + frame.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        http.send(frame);
        RawHttp.Response response = http.read();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(response.header("x-http2-stream-id")).isNull();
        assertThat(response.body()).isEqualTo(grpcFrame("grpc-1:plain"));
        assertThat(response.trailers()).containsEntry("grpc-status", "0");
    }

    @Test
    void anInstanceThatStopsGracefullyLosesNoCall() {
        GrpcEchoServer second = server("grpc-2");
        router.apply(table(2, route(HOST, "grpc", revision(1, 100,
                h2cEndpoint("grpc-1", first.port()), h2cEndpoint("grpc-2", second.port())))));
        ManagedChannel channel = plaintext();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            unary(channel, "warm");
            return first.calls() > 0 && second.calls() > 0;
        });

        first.shutdown(); // GOAWAY on its connections; its port closes
        int before = second.calls();
        for (int i = 0; i < 50; i++) {
            assertThat(text(unary(channel, "after" + i))).isEqualTo("grpc-2:after" + i);
        }

        assertThat(second.calls() - before).isEqualTo(50);
    }

    // --- helpers

    private GrpcEchoServer server(String name) {
        GrpcEchoServer server = GrpcEchoServer.start(name);
        servers.add(server);
        return server;
    }

    private ManagedChannel plaintext() {
        return keep(NettyChannelBuilder.forAddress(router.address().getHostString(), router.address().getPort())
                .usePlaintext()
                .overrideAuthority(HOST)
                .build());
    }

    private ManagedChannel keep(ManagedChannel channel) {
        channels.add(channel);
        return channel;
    }

    private static CallOptions options() {
        return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static byte[] unary(ManagedChannel channel, String message) {
        return ClientCalls.blockingUnaryCall(channel, GrpcEchoServer.UNARY, options(), bytes(message));
    }

    /** A gRPC length-prefixed message, uncompressed. */
    private static byte[] grpcFrame(String message) {
        byte[] payload = bytes(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static StreamObserver<byte[]> collect(BlockingQueue<String> answers, CompletableFuture<Void> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                answers.add(text(value));
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }
}
