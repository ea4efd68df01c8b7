package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The apply command's wording; its behaviour against a real server is in {@link CliIT}. */
class ApplyCommandTest {

    private static final String MANIFEST = "src/test/resources/hello.yaml";

    private static String app(int revision, int desired, int routable, String status) {
        return """
                {"name": "hello", "revision": %d, "spec": {"instances": %d}, "status": "%s",
                 "instances": {"desired": %d, "running": %d, "healthy": %d, "routable": %d}}"""
                .formatted(revision, desired, status, desired, desired, routable, routable);
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
