package io.cutover.controller.health;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC health check ({@code grpc.health.v1.Health/Check}) of an instance that speaks h2c: it passes
 * when the instance answers SERVING for the service asked about within the timeout. A fresh connection per
 * check, as the TCP check makes, so a check sees what a new client would.
 */
final class GrpcHealthProbe {

    private GrpcHealthProbe() {}

    static Probe.Result check(String host, int port, String service, Duration timeout) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .userAgent("cutover-health-check").build();
        try {
            HealthCheckResponse answer = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build());
            String what = service.isEmpty() ? "the server" : "service " + service;
            return new Probe.Result(answer.getStatus() == HealthCheckResponse.ServingStatus.SERVING, 0,
                    "gRPC health of " + what + ": " + answer.getStatus());
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            String detail = status.getCode() == Status.Code.DEADLINE_EXCEEDED ? "no answer within " + timeout.toSeconds() + "s"
                    : "gRPC " + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
            return new Probe.Result(false, 0, detail);
        } finally {
            channel.shutdownNow();
        }
    }
}
