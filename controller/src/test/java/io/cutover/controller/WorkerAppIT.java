package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apps that take no connections (a queue consumer; Cloud Foundry's {@code process} health check): with
 * {@code routes: []} they get no port check, and {@code healthCheck: {protocol: PROCESS}} makes any app healthy
 * while it runs. Real processes that never listen, deployed and rolled by a real server.
 */
class WorkerAppIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private static String worker(String version, String extra) {
        return """
                name: worker
                instances: 2
                run:
                  command: exec sleep 600
                  env: {VERSION: "%s"}
                %s""".formatted(version, extra);
    }

    @Test
    void anAppWithoutRoutesIsHealthyWhileItRunsAndRollsToANewRevision() {
        long first = RunningServer.deploymentOf(server.apply(worker("1", "routes: []\n")));
        assertThat(server.awaitFinalized(first, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
        awaitHealthy(1);

        long second = RunningServer.deploymentOf(server.apply(worker("2", "routes: []\n")));

        assertThat(server.awaitFinalized(second, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
        awaitHealthy(2);
        assertThat(server.get("/v1/apps/worker").json().get("routes")).isEmpty();
    }

    @Test
    void aProcessCheckMakesAnAppThatNeverListensHealthy() {
        long id = RunningServer.deploymentOf(server.apply(worker("1", "healthCheck: {protocol: PROCESS}\n")));

        assertThat(server.awaitFinalized(id, Duration.ofSeconds(60)).get("reason").asText()).isEqualTo("DEPLOYED");
        awaitHealthy(1);
    }

    /** Waits until the app runs two instances, all of {@code revision}, all healthy (long before a port check's 60 s grace ends). */
    private void awaitHealthy(int revision) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<JsonNode> instances = server.instances("worker").stream()
                    .filter(i -> !"STOPPED".equals(i.path("state").asText())).toList();
            assertThat(instances).hasSize(2).allSatisfy(instance -> {
                assertThat(instance.get("revision").asInt()).isEqualTo(revision);
                assertThat(instance.get("health").asText()).isEqualTo("HEALTHY");
            });
        });
    }
}
