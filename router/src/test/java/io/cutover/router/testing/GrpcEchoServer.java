package io.cutover.router.testing;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.Attributes;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real gRPC server (grpc-java over Netty, h2c) with four methods whose messages are plain UTF-8 bytes, each
 * answer naming the server: {@code Unary} answers {@code NAME:MESSAGE}; {@code Count} answers the number
 * asked for of {@code NAME:i} messages; {@code Chat} answers each message as it comes; {@code CountThenFail}
 * answers three messages, then fails with {@code ABORTED} and an {@code x-reason} trailer; {@code Deny}
 * fails at once with {@code PERMISSION_DENIED} (a trailers-only response). Run as a process by
 * {@link #main}: {@code PORT} and {@code NAME} from the environment.
 */
public final class GrpcEchoServer implements AutoCloseable {

    public static final String SERVICE = "cutover.test.Echo";
    public static final Metadata.Key<String> REASON = Metadata.Key.of("x-reason", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> FORWARDED_PROTO =
            Metadata.Key.of("x-forwarded-proto", Metadata.ASCII_STRING_MARSHALLER);

    /** Messages as bytes, so the tests need no generated code. */
    public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    public static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodDescriptor.MethodType.UNARY);
    public static final MethodDescriptor<byte[], byte[]> COUNT = method("Count", MethodDescriptor.MethodType.SERVER_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> CHAT = method("Chat", MethodDescriptor.MethodType.BIDI_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> COUNT_THEN_FAIL =
            method("CountThenFail", MethodDescriptor.MethodType.SERVER_STREAMING);
    public static final MethodDescriptor<byte[], byte[]> DENY = method("Deny", MethodDescriptor.MethodType.UNARY);

    private final String name;
    private final Server server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<String> lastForwardedProto = new AtomicReference<>();
    /** The standard health service (grpc.health.v1): SERVING for the server and for {@link #SERVICE}. */
    private final HealthStatusManager health = new HealthStatusManager();

    private GrpcEchoServer(String name, int port) throws IOException {
        this.name = name;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(ServerInterceptors.intercept(service(), new HeaderRecorder()))
                .addService(health.getHealthService())
                .addTransportFilter(new ServerTransportFilter() {
                    @Override
                    public Attributes transportReady(Attributes attributes) {
                        connections.incrementAndGet();
                        return attributes;
                    }
                })
                .build()
                .start();
        health.setStatus(SERVICE, HealthCheckResponse.ServingStatus.SERVING);
    }

    /** What the health service answers from now on, for the server and for {@link #SERVICE}. */
    public void health(HealthCheckResponse.ServingStatus status) {
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        health.setStatus(SERVICE, status);
    }

    /** A server named {@code name} on an ephemeral port of 127.0.0.1. */
    public static GrpcEchoServer start(String name) {
        try {
            return new GrpcEchoServer(name, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** HTTP/2 connections made to it. */
    public int connections() {
        return connections.get();
    }

    /** Calls it received. */
    public int calls() {
        return calls.get();
    }

    /** {@code x-forwarded-proto} of the last call. */
    public String lastForwardedProto() {
        return lastForwardedProto.get();
    }

    /** Stops taking calls (GOAWAY to its clients); the calls under way finish. */
    public void shutdown() {
        health.enterTerminalState(); // NOT_SERVING from now on, as a server going away says
        server.shutdown();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(10, TimeUnit.SECONDS);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private ServerServiceDefinition service() {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, answer) -> {
                    answer.onNext(bytes(name + ":" + text(request)));
                    answer.onCompleted();
                }))
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((request, answer) -> {
                    int n = Integer.parseInt(text(request));
                    for (int i = 0; i < n; i++) {
                        answer.onNext(bytes(name + ":" + i));
                    }
                    answer.onCompleted();
                }))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(answer -> new StreamObserver<byte[]>() {
                    @Override
                    public void onNext(byte[] message) {
                        answer.onNext(bytes(name + ":" + text(message)));
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the client went away
                    }

                    @Override
                    public void onCompleted() {
                        answer.onCompleted();
                    }
                }))
                .addMethod(COUNT_THEN_FAIL, ServerCalls.asyncServerStreamingCall((request, answer) -> {
                    for (int i = 0; i < 3; i++) {
                        answer.onNext(bytes(name + ":" + i));
                    }
                    Metadata trailers = new Metadata();
                    trailers.put(REASON, "counted to three");
                    answer.onError(Status.ABORTED.withDescription("no more").asRuntimeException(trailers));
                }))
                .addMethod(DENY, ServerCalls.asyncUnaryCall((request, answer) ->
                        answer.onError(Status.PERMISSION_DENIED.withDescription("not you").asRuntimeException())))
                .build();
    }

    private static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    private final class HeaderRecorder implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            calls.incrementAndGet();
            lastForwardedProto.set(headers.get(FORWARDED_PROTO));
            return next.startCall(call, headers);
        }
    }

    /** Serves on {@code PORT} as {@code NAME} until the process is stopped. */
    public static void main(String[] args) throws Exception {
        String name = System.getenv().getOrDefault("NAME", "grpc");
        GrpcEchoServer server = new GrpcEchoServer(name, Integer.parseInt(System.getenv("PORT")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            try {
                server.server.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
