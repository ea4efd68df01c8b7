package io.cutover.controller.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.manifest.HealthCheck;
import io.cutover.router.testing.DeadPort;
import io.cutover.router.testing.GrpcEchoServer;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code healthCheck.protocol: GRPC} against a real gRPC server's standard health service. */
class GrpcHealthProbeTest {

    private final GrpcEchoServer server = GrpcEchoServer.start("g");
    private final Probe probe = new Probe(HttpClient.newHttpClient());

    @AfterEach
    void stop() throws InterruptedException {
        probe.close();
        server.close();
    }

    private static HealthCheck grpc(String service) {
        return new HealthCheck(HealthCheck.Protocol.GRPC, null, null, 15, 1, 2, 3, false, service);
    }

    @Test
    void passesWhileTheServerSaysServing() {
        Probe.Result whole = probe.health(grpc(null), "127.0.0.1", server.port());
        Probe.Result service = probe.health(grpc(GrpcEchoServer.SERVICE), "127.0.0.1", server.port());

        assertThat(whole.pass()).isTrue();
        assertThat(whole.detail()).isEqualTo("gRPC health of the server: SERVING");
        assertThat(service.pass()).isTrue();
        assertThat(service.detail()).isEqualTo("gRPC health of service cutover.test.Echo: SERVING");
    }

    @Test
    void failsWhenTheServerSaysNotServing() {
        server.health(ServingStatus.NOT_SERVING);

        Probe.Result result = probe.health(grpc(null), "127.0.0.1", server.port());

        assertThat(result.pass()).isFalse();
        assertThat(result.detail()).isEqualTo("gRPC health of the server: NOT_SERVING");
    }

    @Test
    void failsForAServiceTheServerDoesNotKnow() {
        Probe.Result result = probe.health(grpc("no.such.Service"), "127.0.0.1", server.port());

        assertThat(result.pass()).isFalse();
        assertThat(result.detail()).startsWith("gRPC NOT_FOUND");
    }

    @Test
    void failsWhenNothingListens() {
        Probe.Result result = probe.health(grpc(null), "127.0.0.1", DeadPort.refusing());

        assertThat(result.pass()).isFalse();
        assertThat(result.detail()).startsWith("gRPC UNAVAILABLE");
    }
}
