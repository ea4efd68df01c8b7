package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.core.manifest.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every client command against a real server with real simpleservice instances. */
class CliIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();
    @TempDir
    Path dir;

    private CliRun cutover(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--server");
        all.add(server.apiUrl());
        all.add("--token-file");
        all.add(server.dataDir().resolve("admin.token").toString());
        return CliRun.of(all.toArray(String[]::new));
    }

    private Path manifest(String text) throws IOException {
        Path file = Files.createTempFile(dir, "app", ".yaml");
        return Files.writeString(file, text);
    }

    @Test
    void deploysACanaryThatStopsAtItsPauseAndIsContinuedToTheEnd() throws IOException {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        Path v2 = manifest(RunningServer.simpleservice("hello", 2, "2.0", ""));

        CliRun canary = cutover("deploy", "-f", v2.toString(), "--strategy", "canary", "--timeout", "60s");

        assertThat(canary.exitCode()).as(canary.err()).isZero();
        assertThat(canary.out()).contains("PAUSED at step 3 of 3").contains("at 50%").contains("'cutover continue hello'");
        CliRun app = cutover("app", "hello");
        assertThat(app.out()).contains("Deployment:").contains("step 3/3, canary 50%").contains("Next:")
                .contains("'cutover continue hello'");
        CliRun status = cutover("status", "hello");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).startsWith("hello: ").contains(", revision 2, ").contains("; deployment ")
                .contains("step 3/3, canary 50%");
        CliRun promoteNothing = cutover("promote", "nope");
        assertThat(promoteNothing.exitCode()).isEqualTo(1);
        CliRun continued = cutover("continue", "hello");
        assertThat(continued.exitCode()).as(continued.err()).isZero();
        assertThat(continued.out()).startsWith("deployment ").contains("continued");
        CliRun watched = cutover("status", "hello", "--watch", "--timeout", "60s");
        assertThat(watched.exitCode()).as("--watch follows it to the end: " + watched.err()).isZero();
        assertThat(watched.out()).contains("DEPLOYED");
        assertThat(cutover("status", "hello").out()).contains("hello: RUNNING, revision 2, 2/2 routable").doesNotContain("deployment");
        long id = Manifests.json().readTree(cutover("deployments", "hello", "-o", "json").out()).get(0).get("id").asLong();
        server.awaitFinalized(id, java.time.Duration.ofSeconds(60));
        CliRun again = cutover("continue", "hello");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("no active deployment");
    }

    @Test
    void appliesWaitsAndShowsTheAppThroughEveryCommand() throws IOException {
        Path hello = manifest(RunningServer.simpleservice("hello", 2, "1.0", ""));

        CliRun applied = cutover("apply", "-f", hello.toString(), "--wait", "--timeout", "60s");
        assertThat(applied.exitCode()).as(applied.err()).isZero();
        assertThat(applied.out()).startsWith("app hello created (revision 1)");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).isEqualTo(200);

        assertThat(cutover("apply", "-f", hello.toString()).out()).contains("unchanged");
        Path asJson = dir.resolve("hello.json");
        Files.writeString(asJson, Manifests.toJson(Manifests.parse(RunningServer.simpleservice("hello", 2, "1.0", ""))));
        assertThat(cutover("apply", "-f", asJson.toString()).out()).contains("unchanged");
        CliRun countOnly = cutover("apply", "-f", manifest(RunningServer.simpleservice("hello", 3, "1.0", "")).toString(), "-o", "json");
        assertThat(countOnly.exitCode()).as(countOnly.err()).isZero();
        assertThat(Manifests.json().readTree(countOnly.out()).get("revision").asInt()).isEqualTo(1);
        assertThat(Manifests.json().readTree(countOnly.out()).get("revisionCreated").asBoolean()).isFalse();
        server.awaitRoutable("hello", 3);
        assertThat(cutover("scale", "hello", "2").exitCode()).isZero();
        server.awaitRoutable("hello", 2);
        CliRun apps = cutover("apps");
        assertThat(apps.out()).contains("NAME").contains("hello").contains("2/2").contains("hello.localhost");
        assertThat(cutover("app", "hello").out()).contains("hello").contains("RUNNING");
        CliRun instances = cutover("instances", "hello");
        assertThat(instances.out().lines().filter(l -> l.startsWith("hello-1-"))).hasSize(2);
        JsonNode json = Manifests.json().readTree(cutover("instances", "hello", "-o", "json").out());
        assertThat(json).hasSize(2);

        assertThat(cutover("scale", "hello", "3").exitCode()).isZero();
        server.awaitRoutable("hello", 3);

        CliRun mapped = cutover("map-route", "api", "hello");
        assertThat(mapped.exitCode()).as(mapped.err()).isZero();
        assertThat(mapped.out()).contains("api.localhost").contains("generation");
        CliRun appFirst = cutover("map-route", "hello", "www");
        assertThat(appFirst.exitCode()).as(appFirst.err()).isZero();
        assertThat(appFirst.out()).contains("(taken as APP HOST, the order of cf map-route").contains("www.localhost → hello");
        assertThat(server.viaRouter("www.localhost", "/endpoint0").status()).isEqualTo(200);
        assertThat(server.viaRouter("api.localhost", "/endpoint0").status()).isEqualTo(200);
        assertThat(cutover("routes").out()).contains("api.localhost").contains("hello.localhost");

        CliRun down = cutover("maintenance", "on", "api", "--message", "Back soon.", "--retry-after", "60",
                "--header", "Cache-Control=no-store", "--bypass-header", "X-Ops=s3cret", "--verify");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out()).contains("route api.localhost in maintenance: 503 \"Back soon.\", Retry-After 60")
                .contains("(maintenance)");
        assertThat(server.viaRouter("api.localhost", "/endpoint0").body()).isEqualTo("Back soon.\n");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).as("the app's other route serves").isEqualTo(200);
        CliRun badHeader = cutover("maintenance", "on", "api", "--header", "no-equals-sign");
        assertThat(badHeader.exitCode()).isEqualTo(2);
        assertThat(badHeader.err()).contains("--header: \"no-equals-sign\" (expected: NAME=VALUE)");
        CliRun up = cutover("maintenance", "off", "api", "--verify");
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).contains("route api.localhost serves hello again");

        CliRun unmapped = cutover("unmap-route", "api.localhost", "--verify");
        assertThat(unmapped.exitCode()).as(unmapped.err()).isZero();
        assertThat(unmapped.out()).contains("(no-route)");
        assertThat(server.viaRouter("api.localhost", "/endpoint0").status()).isEqualTo(404);

        CliRun logs = cutover("logs", "hello", "--tail", "5");
        assertThat(logs.exitCode()).isZero();
        assertThat(logs.out()).contains("listening on");
        CliRun events = cutover("events", "--app", "hello");
        assertThat(events.out()).contains("app_created").contains("instance_started").contains("app_scaled");

        CliRun deleted = cutover("delete", "hello");
        assertThat(deleted.exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> cutover("app", "hello").exitCode() == 1);
    }

    @Test
    void followsARollingDeploymentPlansItAndCancelsAnother() throws IOException {
        Path v1 = manifest(RunningServer.simpleservice("hello", 2, "1.0", ""));
        assertThat(cutover("apply", "-f", v1.toString()).exitCode()).isZero();

        Path v2 = manifest(RunningServer.simpleservice("hello", 2, "2.0", "strategy: {maxSurge: 1, maxUnavailable: 0}\n"));
        CliRun plan = cutover("plan", "-f", v2.toString());
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("T0").contains("T4");
        assertThat(server.get("/v1/apps/hello").json().get("revision").asInt()).isEqualTo(1);

        CliRun deployed = cutover("apply", "-f", v2.toString());
        assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        assertThat(deployed.out()).contains("app hello updated (revision 2)").contains("step 1/2").containsPattern("deployment \\d+ DEPLOYED");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("2.0");

        CliRun list = cutover("deployments", "hello");
        assertThat(list.out()).contains("DEPLOYED").contains("rolling");
        long id = server.get("/v1/deployments?app=hello").json().get(0).get("id").asLong();
        assertThat(cutover("deployment", Long.toString(id)).out()).contains("DEPLOYED").contains("revision");

        Path v3 = manifest(RunningServer.simpleservice("hello", 2, "3.0", "readinessCheck: {path: /ready}\nstrategy: {maxSurge: 1, maxUnavailable: 0}\n")
                .replace("QUIET: \"true\"", "QUIET: \"true\", READY_AFTER_MS: \"600000\""));
        assertThat(cutover("apply", "-f", v3.toString(), "--detach").exitCode()).isZero();
        CliRun canceled = cutover("cancel", "hello");
        assertThat(canceled.exitCode()).as(canceled.err()).isZero();
        assertThat(canceled.out()).contains("CANCELED");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("2.0");
        CliRun again = cutover("cancel", "hello");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("has no active deployment");
    }

    @Test
    void everyCommandNamesAnUnknownAppAndExitsWithOne() {
        List<String[]> commands = List.of(
                new String[] {"app", "nope"},
                new String[] {"instances", "nope"},
                new String[] {"scale", "nope", "2"},
                new String[] {"delete", "nope"},
                new String[] {"logs", "nope"},
                new String[] {"map-route", "x.localhost", "nope"},
                new String[] {"status", "nope"},
                new String[] {"cancel", "nope"},
                new String[] {"deployments", "nope"});
        for (String[] command : commands) {
            CliRun run = cutover(command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(run.err()).as(String.join(" ", command)).isEqualTo("cutover: app \"nope\" not found\n");
        }
        CliRun unmap = cutover("unmap-route", "nothing.localhost");
        assertThat(unmap.exitCode()).isEqualTo(1);
        assertThat(unmap.err()).contains("route \"nothing.localhost\" not found");
        assertThat(server.get("/v1/apps").json()).isEmpty();
        assertThat(server.get("/v1/routes").json()).isEmpty();
    }

    @Test
    void showsEveryProblemOfABadManifestAndChangesNothing() throws IOException {
        Path bad = manifest("name: hello\ninstances: -1\nrun: {command: \"\"}\nreplicas: 2\n");

        CliRun run = cutover("apply", "-f", bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("cutover: 3 problems in the manifest\n")
                .contains("  replicas: unknown field\n")
                .contains("  instances: -1 (expected: 0..1000)\n")
                .contains("  run.command: is required and must not be empty (or run.image, on Kubernetes)\n");
        assertThat(cutover("apply", "-f", manifest("name: a\nrun: {command: x\n").toString()).err())
                .startsWith("cutover: invalid manifest: malformed manifest at line");
        assertThat(cutover("scale", "hello", "-1").exitCode()).isNotZero();
        assertThat(server.get("/v1/apps").json()).isEmpty();
    }
}
