package io.cutover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.core.manifest.Manifests;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server is SIGKILLed in the middle of a deployment; a new one finishes it with the same instances. */
class ResumeAfterCrashIT {

    @TempDir
    Path dataDir;
    private ServerProcess server;
    private final Set<Long> pids = new HashSet<>();

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (server != null) {
                call("DELETE", "/v1/apps/hello", null);
                await().atMost(Duration.ofSeconds(60)).until(() -> pids.stream()
                        .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
            }
        } finally {
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void continuesTheDeploymentWithTheSameInstancesAfterTheServerWasKilled() throws Exception {
        server = ServerProcess.start(dataDir);
        call("POST", "/v1/apps", RunningServer.simpleservice("hello", 3, "1.0", ""));
        await().atMost(Duration.ofSeconds(60)).until(() -> json("/v1/apps/hello").at("/instances/routable").asInt() == 3
                && json("/v1/deployments?app=hello&active=true").isEmpty());

        String v2 = RunningServer.simpleservice("hello", 3, "2.0", "readinessCheck: {path: /ready}\nstrategy: {maxSurge: 1, maxUnavailable: 0}\n")
                .replace("QUIET: \"true\"", "QUIET: \"true\", READY_AFTER_MS: \"1500\"");
        long id = Manifests.json().readTree(call("POST", "/v1/apps", v2)).get("deployment").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() -> json("/v1/deployments/" + id).get("step").asInt() >= 1);
        List<JsonNode> before = instances();
        Set<String> newBefore = new HashSet<>();
        before.stream().filter(i -> i.get("revision").asInt() == 2).forEach(i -> newBefore.add(i.get("id").asText()));

        server.killHard();
        // Instances outlive the server (one that was already being stopped may have finished meanwhile; one
        // recorded but not yet launched has no pid, and the next server finds it by its id or launches it).
        assertThat(before).filteredOn(i -> !"STOPPING".equals(i.get("state").asText()) && i.get("pid").asLong() > 0)
                .allSatisfy(i -> assertThat(ProcessHandle.of(i.get("pid").asLong())).isPresent());
        server = ServerProcess.start(dataDir);

        await().atMost(Duration.ofSeconds(90)).until(() -> "FINALIZED".equals(json("/v1/deployments/" + id).get("status").asText()));
        assertThat(json("/v1/deployments/" + id).get("reason").asText()).isEqualTo("DEPLOYED");
        await().atMost(Duration.ofSeconds(30)).until(() -> instances().size() == 3);
        List<JsonNode> after = instances();
        assertThat(after).allSatisfy(i -> assertThat(i.get("revision").asInt()).isEqualTo(2));
        Set<String> afterIds = new HashSet<>();
        after.forEach(i -> afterIds.add(i.get("id").asText()));
        assertThat(afterIds).containsAll(newBefore);
        String events = call("GET", "/v1/events?app=hello", null);
        assertThat(events).contains("instance_adopted");
    }

    private List<JsonNode> instances() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json("/v1/apps/hello/instances").forEach(out::add);
        out.forEach(i -> pids.add(i.get("pid").asLong()));
        return out;
    }

    private JsonNode json(String path) throws Exception {
        return server.json(path);
    }

    private String call(String method, String path, String body) throws Exception {
        return server.call(method, path, body);
    }
}
