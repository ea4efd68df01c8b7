package io.cutover.controller.testing;

import io.cutover.router.testing.GrpcEchoServer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Steady gRPC traffic through a router's plain listener: a few client threads, each with a channel (one
 * HTTP/2 connection) of its own, making unary calls to {@link GrpcEchoServer} one after another; counting
 * answers, failed calls (any status but OK) and the server names (versions) that answered.
 */
public final class GrpcTraffic extends SteadyTraffic {

    private final List<ManagedChannel> channels;

    private GrpcTraffic(int routerPort, String host, int clients) {
        this.channels = IntStream.range(0, clients)
                .mapToObj(i -> (ManagedChannel) NettyChannelBuilder.forAddress("127.0.0.1", routerPort)
                        .usePlaintext().overrideAuthority(host).build())
                .toList();
        startClients("grpc-traffic", clients, i -> () -> loop(channels.get(i)));
    }

    /** Starts {@code clients} channels calling {@code Unary} on {@code host} through the server's router. */
    public static GrpcTraffic start(RunningServer server, String host, int clients) {
        return new GrpcTraffic(server.routerPort(), host, clients);
    }

    private void loop(ManagedChannel channel) {
        long n = 0;
        while (running()) {
            String message = "m" + n++;
            try {
                String answer = GrpcEchoServer.text(ClientCalls.blockingUnaryCall(channel, GrpcEchoServer.UNARY,
                        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), GrpcEchoServer.bytes(message)));
                int colon = answer.indexOf(':');
                if (colon > 0 && answer.substring(colon + 1).equals(message)) {
                    answers.succeededAs(answer.substring(0, colon));
                } else {
                    answers.failed("answered " + answer + " to " + message);
                }
            } catch (StatusRuntimeException e) {
                answers.failed(e.getStatus().toString());
            }
        }
    }

    /** Closes the clients' channels. */
    @Override
    protected void clientsStopped() {
        for (ManagedChannel channel : channels) {
            try {
                channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
