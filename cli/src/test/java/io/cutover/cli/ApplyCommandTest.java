package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplyCommandTest {

    private static final String MANIFEST = "src/test/resources/hello.yaml";

    private FakeApi api;

    @BeforeEach
    void startFakeApi() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stopFakeApi() {
        api.close();
    }

    private static String app(int revision, int desired, int routable, String status) {
        return """
                {"name": "hello", "revision": %d, "spec": {"instances": %d}, "status": "%s",
                 "instances": {"desired": %d, "running": %d, "healthy": %d, "routable": %d}}"""
                .formatted(revision, desired, status, desired, desired, routable, routable);
    }

    private static String instances(int revision, int routable, int notRoutable) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < routable + notRoutable; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\": \"i").append(i).append("\", \"revision\": ").append(revision)
                    .append(", \"routable\": ").append(i < routable).append('}');
        }
        return json.append(']').toString();
    }

    @Test
    void sendsTheManifestAsYamlAndSaysTheAppWasCreated() throws IOException {
        api.json("POST /v1/apps", 201, app(1, 2, 0, "DEPLOYING"));

        CliRun run = CliRun.against(api, "apply", "-f", MANIFEST);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("app hello created (revision 1)\n");
        FakeApi.Request post = api.requests.stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertThat(post.header("Content-type")).isEqualTo("application/yaml");
        assertThat(post.body()).isEqualTo(Files.readString(Path.of(MANIFEST)));
    }

    @Test
    void sendsAJsonManifestAsJson(@TempDir Path dir) throws IOException {
        Path manifest = Files.writeString(dir.resolve("hello.json"), "{\"name\": \"hello\", \"instances\": 1}");
        api.json("POST /v1/apps", 201, app(1, 1, 0, "DEPLOYING"));

        CliRun run = CliRun.against(api, "apply", "-f", manifest.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(api.requests.get(api.requests.size() - 1).header("Content-type")).isEqualTo("application/json");
    }

    @Test
    void saysUpdatedWithTheNewRevision() {
        api.json("GET /v1/apps/hello", 200, app(1, 2, 2, "RUNNING"))
                .json("POST /v1/apps", 200, app(2, 2, 2, "DEPLOYING"));

        assertThat(CliRun.against(api, "apply", "-f", MANIFEST).out()).isEqualTo("app hello updated (revision 2)\n");
    }

    @Test
    void saysUnchangedWhenNothingChanged() {
        api.json("GET /v1/apps/hello", 200, app(2, 2, 2, "RUNNING"))
                .json("POST /v1/apps", 200, app(2, 2, 2, "RUNNING"));

        assertThat(CliRun.against(api, "apply", "-f", MANIFEST).out()).isEqualTo("app hello unchanged\n");
    }

    @Test
    void saysUpdatedWithoutANewRevisionWhenOnlyTheCountChanged() {
        api.json("GET /v1/apps/hello", 200, app(2, 2, 2, "RUNNING"))
                .json("POST /v1/apps", 200, app(2, 3, 2, "DEPLOYING"));

        assertThat(CliRun.against(api, "apply", "-f", MANIFEST).out())
                .isEqualTo("app hello updated (still revision 2)\n");
    }

    @Test
    void showsEveryProblemOfAnInvalidManifest() {
        api.json("POST /v1/apps", 400, """
                {"error": "invalid_manifest", "message": "2 problems in the manifest",
                 "details": [{"field": "instances", "problem": "-1 (expected: >= 0)"},
                             {"field": "foo", "problem": "unknown field"}]}""");

        CliRun run = CliRun.against(api, "apply", "-f", MANIFEST);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("""
                cutover: 2 problems in the manifest
                  instances: -1 (expected: >= 0)
                  foo: unknown field
                """);
    }

    @Test
    void waitsUntilEveryInstanceOfTheNewRevisionIsRoutableAndPrintsEachChange() {
        List<String> states = List.of(app(2, 2, 0, "DEPLOYING"), app(2, 2, 0, "DEPLOYING"),
                app(2, 2, 1, "DEPLOYING"), app(2, 2, 2, "RUNNING"));
        List<String> instanceLists = List.of(instances(2, 0, 2), instances(2, 0, 2), instances(2, 1, 1), instances(2, 2, 0));
        AtomicInteger polls = new AtomicInteger();
        api.json("POST /v1/apps", 201, app(2, 2, 0, "DEPLOYING"))
                .on("GET /v1/apps/hello", (request, exchange) -> {
                    int poll = polls.getAndIncrement();
                    FakeApi.reply(exchange, 200, "application/json", states.get(Math.min(Math.max(poll - 1, 0), 3)));
                })
                .on("GET /v1/apps/hello/instances", (request, exchange) -> FakeApi.reply(exchange, 200,
                        "application/json", instanceLists.get(Math.min(Math.max(polls.get() - 2, 0), 3))));

        CliRun run = CliRun.against(api, "apply", "-f", MANIFEST, "--wait", "--timeout", "10s");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).first().isEqualTo("app hello created (revision 2)");
        assertThat(run.out().lines()).contains("hello: 2/2 instances routable (2 running, 2 healthy), revision 2, RUNNING");
        assertThat(run.out().lines()).last().isEqualTo("app hello ready: 2/2 instances routable on revision 2");
        assertThat(run.out().lines()).doesNotHaveDuplicates();
    }

    @Test
    void failsWithExitCodeOneWhenTheWaitTimesOut() {
        api.json("POST /v1/apps", 201, app(1, 2, 0, "DEPLOYING"))
                .json("GET /v1/apps/hello", 200, app(1, 2, 1, "DEGRADED"))
                .json("GET /v1/apps/hello/instances", 200, instances(1, 1, 1));

        CliRun run = CliRun.against(api, "apply", "-f", MANIFEST, "--wait", "--timeout", "600ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("cutover: app hello not fully routable after 600ms: 1/2 instances routable"
                + " (2 running, 1 healthy), revision 1, DEGRADED — see 'cutover instances hello' and 'cutover logs hello'\n");
    }

    @Test
    void printsOnlyJsonOnStdoutWithJsonOutput() throws IOException {
        api.json("POST /v1/apps", 201, app(1, 1, 1, "RUNNING"))
                .json("GET /v1/apps/hello", 200, app(1, 1, 1, "RUNNING"))
                .json("GET /v1/apps/hello/instances", 200, instances(1, 1, 0));

        CliRun run = CliRun.against(api, "apply", "-f", MANIFEST, "--wait", "-o", "json");

        JsonNode printed = ApiClient.json().readTree(run.out());
        assertThat(printed.path("status").asText()).isEqualTo("RUNNING");
        assertThat(run.err()).contains("hello: 1/1 instances routable");
    }
    @Test
    void trustsTheApisCreatedAndRevisionCreatedFlags() throws IOException {
        JsonNode before = ApiClient.json().readTree(app(1, 2, 2, "RUNNING"));
        JsonNode created = ApiClient.json().readTree("""
                {"name": "hello", "revision": 1, "created": true, "revisionCreated": true, "deployment": 1}""");
        JsonNode newRevision = ApiClient.json().readTree("""
                {"name": "hello", "revision": 2, "spec": {"instances": 2}, "created": false, "revisionCreated": true,
                 "deployment": 7}""");
        JsonNode sameRevision = ApiClient.json().readTree("""
                {"name": "hello", "revision": 1, "spec": {"instances": 3}, "created": false, "revisionCreated": false,
                 "deployment": null}""");

        assertThat(ApplyCommand.outcome(200, null, created)).isEqualTo("app hello created (revision 1)");
        assertThat(ApplyCommand.outcome(200, before, newRevision)).isEqualTo("app hello updated (revision 2)");
        assertThat(ApplyCommand.outcome(200, before, sameRevision)).isEqualTo("app hello updated (still revision 1)");
        assertThat(ApplyCommand.outcome(200, before, before)).isEqualTo("app hello unchanged");
    }

    @Test
    void saysHowToFollowADetachedDeployment() {
        assertThat(ApplyCommand.detached(7)).isEqualTo("deployment 7 started: 'cutover deployment 7 --follow' to follow it");
    }

    @Test
    void refusesToDetachAndWaitAtOnce() {
        CliRun run = CliRun.of("deploy", "-f", MANIFEST, "--detach", "--wait", "--server", "http://127.0.0.1:9");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover: --detach and --wait: only one of them");
    }
}
