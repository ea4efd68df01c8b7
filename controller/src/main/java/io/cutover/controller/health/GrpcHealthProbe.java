package io.cutover.controller.health;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC health check ({@code grpc.health.v1.Health/Check}) of instances that speak h2c: it passes when
 * the instance answers SERVING for the service asked about within the timeout.
 *
 * <p>One channel (one HTTP/2 connection) per instance address, kept from check to check, as a gRPC client
 * or a proxy keeps it: a check is then one stream, not a connection, a handshake and a channel set up again
 * every second, which under load took longer than the check's timeout. A check that finds the instance
 * unreachable drops its channel, so the next one connects anew.
 */
final class GrpcHealthProbe implements AutoCloseable {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    Probe.Result check(String host, int port, String service, Duration timeout) {
        String address = host + ":" + port;
        ManagedChannel channel = channels.computeIfAbsent(address, a -> NettyChannelBuilder.forAddress(host, port)
                .usePlaintext().userAgent("cutover-health-check").build());
        try {
            HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build());
            String what = service.isEmpty() ? "the server" : "service " + service;
            return new Probe.Result(answer.getStatus() == HealthCheckResponse.ServingStatus.SERVING, 0,
                    "gRPC health of " + what + ": " + answer.getStatus());
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            if (status.getCode() == Status.Code.UNAVAILABLE) {
                forget(address);
            }
            String detail = status.getCode() == Status.Code.DEADLINE_EXCEEDED ? "no answer within " + timeout.toSeconds() + "s"
                    : "gRPC " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
            return new Probe.Result(false, 0, detail);
        }
    }

    /** Closes the channel to an instance that is no longer checked. */
    void forget(String host, int port) {
        forget(host + ":" + port);
    }

    private void forget(String address) {
        ManagedChannel channel = channels.remove(address);
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Override
    public void close() {
        channels.keySet().forEach(this::forget);
    }
}
