package io.cutover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.InstanceProcesses;
import io.cutover.controller.testing.RunningServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is SIGKILLed, and while it is down the shell of one of its instances is SIGKILLed too: the
 * app that shell forked runs on, re-parented, known to nobody. The next server stops it.
 */
class OrphansIT {

    @TempDir
    Path dataDir;
    private ServerProcess server;
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (server != null) {
                server.call("DELETE", "/v1/apps/forked", null);
                await().atMost(Duration.ofSeconds(60)).until(() -> pids.stream().noneMatch(InstanceProcesses::running));
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aRestartedServerStopsWhatIsLeftOfAnInstanceWhoseShellDiedWhileItWasDown() throws Exception {
        server = ServerProcess.start(dataDir);
        String forking = RunningServer.simpleservice("forked", 1, "1.0", "")
                .replace("command: exec java", "command: java")
                .replace(RunningServer.SIMPLESERVICE + "\n", RunningServer.SIMPLESERVICE + " & wait\n");
        server.call("POST", "/v1/apps", forking);
        await().atMost(Duration.ofSeconds(60)).until(() -> server.json("/v1/apps/forked").at("/instances/routable").asInt() == 1);
        JsonNode instance = server.json("/v1/apps/forked/instances").get(0);
        String id = instance.get("id").asText();
        ProcessHandle shell = ProcessHandle.of(instance.get("pid").asLong()).orElseThrow();
        ProcessHandle app = await().atMost(Duration.ofSeconds(10)).until(() -> shell.children().findFirst(), Optional::isPresent)
                .orElseThrow();
        pids.add(shell.pid());
        pids.add(app.pid());

        server.killHard();
        shell.destroyForcibly();
        shell.onExit().get();
        assertThat(InstanceProcesses.of(id)).as("the app outlived its shell and the server").containsExactly(app.pid());

        server = ServerProcess.start(dataDir);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(InstanceProcesses.of(id)).isEmpty());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(server.call("GET", "/v1/events", null))
                .contains("instance_orphans_stopped").contains(id).contains(Long.toString(app.pid())));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode now = server.json("/v1/apps/forked/instances");
            now.forEach(i -> pids.add(i.get("pid").asLong()));
            return now.size() == 1 && !now.get(0).get("id").asText().equals(id) && now.get(0).get("routable").asBoolean();
        });
    }
}
