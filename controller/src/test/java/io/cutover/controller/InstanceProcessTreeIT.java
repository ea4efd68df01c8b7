package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.InstanceProcesses;
import io.cutover.controller.testing.RunningServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instance is its whole process tree: whichever of its processes is SIGKILLed, nothing of it is left
 * running (no orphan holding its port) and a replacement takes its place.
 */
class InstanceProcessTreeIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    /** Three levels: the instance's shell, a shell it forked, and the app that shell forked. */
    private static String treeManifest() {
        return RunningServer.simpleservice("tree", 1, "1.0", "")
                .replace("command: exec java", "command: sh -c 'java")
                .replace(RunningServer.SIMPLESERVICE + "\n", RunningServer.SIMPLESERVICE + " & wait' & wait\n");
    }

    @ParameterizedTest(name = "SIGKILL to the {0}")
    @ValueSource(strings = {"instance's shell", "shell in between", "app"})
    void nothingOfTheInstanceOutlivesAKilledProcessOfItsTree(String which) {
        server.deploy(treeManifest());
        JsonNode instance = server.instances("tree").getFirst();
        String id = instance.get("id").asText();
        ProcessHandle top = ProcessHandle.of(instance.get("pid").asLong()).orElseThrow();
        ProcessHandle middle = await().atMost(Duration.ofSeconds(10)).until(() -> top.children().findFirst(), Optional::isPresent).orElseThrow();
        ProcessHandle app = await().atMost(Duration.ofSeconds(10)).until(() -> middle.children().findFirst(), Optional::isPresent).orElseThrow();
        assertThat(InstanceProcesses.of(id)).as("the tree as the host sees it").containsExactlyInAnyOrder(top.pid(), middle.pid(), app.pid());

        ProcessHandle victim = switch (which) {
            case "instance's shell" -> top;
            case "shell in between" -> middle;
            default -> app;
        };
        victim.destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(InstanceProcesses.of(id)).as("processes of %s still running", id).isEmpty());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> now = server.instances("tree");
            return now.size() == 1 && !now.getFirst().get("id").asText().equals(id) && now.getFirst().get("routable").asBoolean();
        });
        assertThat(server.get("/v1/events?app=tree").body()).contains("\"instance\":\"" + id + "\"").contains("instance_exited");
    }
}
