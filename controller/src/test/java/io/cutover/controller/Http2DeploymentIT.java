package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.H2Traffic;
import io.cutover.controller.testing.RunningServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rolling and canary deployments under HTTP/2 traffic (h2c, many streams per connection): no stream fails. */
class Http2DeploymentIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    @BeforeEach
    void deployTheFirstVersion() {
        server.deploy(RunningServer.simpleservice("hello", 3, "1.0", ""));
    }

    @Test
    void aRollingUpdateFailsNoStream() throws Exception {
        deployUnderHttp2Traffic("");
    }

    @Test
    void aCanaryThroughItsStepsFailsNoStream() throws Exception {
        deployUnderHttp2Traffic("""
                strategy:
                  type: canary
                  steps: [{setWeight: 25}, {pause: {duration: 2s}}, {setWeight: 75}, {pause: {duration: 2s}}]
                """);
    }

    /** Deploys version 2.0 with {@code strategy} while 4 h2c connections send requests; none may fail. */
    private void deployUnderHttp2Traffic(String strategy) throws Exception {
        try (H2Traffic traffic = H2Traffic.start(server, "hello.localhost", "/endpoint0", 4)) {
            long id = RunningServer.deploymentOf(server.apply(RunningServer.simpleservice("hello", 3, "2.0", strategy)));
            JsonNode finished = server.awaitFinalized(id, Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().getOrDefault("2.0", 0L) > 50);
            traffic.close();

            assertThat(finished.get("reason").asText()).isEqualTo("DEPLOYED");
            assertThat(traffic.failed()).as("failed streams: %s", traffic.failures()).isZero();
            assertThat(traffic.versions()).containsKeys("1.0", "2.0");
        }
    }
}
