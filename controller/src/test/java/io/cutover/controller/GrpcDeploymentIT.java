package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.GrpcTraffic;
import io.cutover.controller.testing.RunningServer;
import io.cutover.router.testing.GrpcEchoServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app of real gRPC server processes ({@code run.protocol: h2c}) deployed by a real server, called through
 * its router by real gRPC clients: every call is answered, before, during and after a rolling update; the
 * instances are health-checked by their gRPC health service ({@code healthCheck.protocol: GRPC}).
 */
class GrpcDeploymentIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    /** The test's own java: the test classes need its version, not the default one on the PATH. */
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    /** A manifest of {@link GrpcEchoServer} processes answering as {@code version}. */
    static String echo(String version) {
        return """
                name: echo
                instances: 3
                run:
                  command: exec '%s' -Xmx48m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp '%s' %s
                  protocol: h2c
                  env: {NAME: "%s"}
                healthCheck: {protocol: GRPC, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, gracePeriodSeconds: 10}
                killGracePeriodSeconds: 5
                drainTimeoutSeconds: 5
                backoffSeconds: 0.2
                """.formatted(JAVA, System.getProperty("java.class.path"), GrpcEchoServer.class.getName(), version);
    }

    @BeforeEach
    void deployTheFirstVersion() {
        server.deploy(echo("1.0"));
    }

    @Test
    void aRollingUpdateOfGrpcServersFailsNoCall() throws Exception {
        assertThat(server.instances("echo")).isNotEmpty()
                .allSatisfy(instance -> assertThat(instance.get("protocol").asText()).isEqualTo("h2c"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(server.instances("echo"))
                .allSatisfy(instance -> assertThat(instance.get("health").asText()).as("checked by gRPC's health service")
                        .isEqualTo("HEALTHY")));

        try (GrpcTraffic traffic = GrpcTraffic.start(server, "echo.localhost", 4)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> traffic.succeeded() > 50);
            long id = RunningServer.deploymentOf(server.apply(echo("2.0")));
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().getOrDefault("2.0", 0L) > 50);
            traffic.close();

            assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
            assertThat(traffic.failed()).as("failed calls: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsKeys("1.0", "2.0");
        }
    }
}
