package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secret env values through a real server: the instance gets them, the revision hash counts them, and
 * no answer of the API, no event and no log line of the controller shows them.
 */
class SecretEnvIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    @TempDir
    Path seen;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger cutover = (Logger) LoggerFactory.getLogger("io.cutover");

    @BeforeEach
    void recordLogs() {
        logged.start();
        root.addAppender(logged);
        cutover.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stopRecordingLogs() {
        root.detachAppender(logged);
        cutover.setLevel(null);
    }

    /** The example app, after writing what its environment holds where the test can read it. */
    private String manifest(String dbPassword, String apiKey) {
        return """
                name: vault
                instances: 1
                run:
                  command: printf '%%s %%s' "$DB_PASSWORD" "$API_KEY" > %s/$CUTOVER_INSTANCE_ID; exec java -Xmx32m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar %s
                  env: {SIMPLE_SERVICE_VERSION: "1.0", QUIET: "true", DB_PASSWORD: {secret: "%s"}}
                  secretEnv: {API_KEY: "%s"}
                healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, gracePeriodSeconds: 10}
                killGracePeriodSeconds: 5
                drainTimeoutSeconds: 5
                """.formatted(seen, RunningServer.SIMPLESERVICE, dbPassword, apiKey);
    }

    private String environmentOf(String instanceId) throws IOException {
        Path file = seen.resolve(instanceId);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 0);
        return Files.readString(file);
    }

    private String currentInstance() {
        List<JsonNode> instances = server.instances("vault");
        assertThat(instances).hasSize(1);
        return instances.get(0).get("id").asText();
    }

    @Test
    void theInstanceGetsItsSecretsAndNothingShowsThem() throws Exception {
        JsonNode applied = server.apply(manifest("s3cr3t-db-1", "s3cr3t-key-1")).json();
        assertThat(applied.at("/spec/run/secretEnv").toString()).isEqualTo("{\"API_KEY\":\"***\",\"DB_PASSWORD\":\"***\"}");
        assertThat(applied.at("/spec/run/env").toString()).isEqualTo("{\"QUIET\":\"true\",\"SIMPLE_SERVICE_VERSION\":\"1.0\"}");
        server.awaitRoutable("vault", 1);
        String first = currentInstance();
        assertThat(environmentOf(first)).isEqualTo("s3cr3t-db-1 s3cr3t-key-1");
        String hash = server.get("/v1/apps/vault").json().get("revisionHash").asText();

        Response again = server.apply(manifest("s3cr3t-db-1", "s3cr3t-key-1"));
        assertThat(again.json().get("revisionCreated").asBoolean()).as("the same secrets: the same revision").isFalse();

        Response plan = server.api("POST", "/v1/apps/vault/plan", manifest("s3cr3t-db-2", "s3cr3t-key-1"), "application/yaml");
        assertThat(plan.json().get("newRevision").asBoolean()).as(plan.body()).isTrue();
        long deployment = RunningServer.deploymentOf(server.apply(manifest("s3cr3t-db-2", "s3cr3t-key-1")));
        server.awaitFinalized(deployment, Duration.ofSeconds(60));
        JsonNode app = server.get("/v1/apps/vault").json();
        assertThat(app.get("revision").asInt()).as("a changed secret: a new revision").isEqualTo(2);
        assertThat(app.get("revisionHash").asText()).isNotEqualTo(hash);
        String second = currentInstance();
        assertThat(environmentOf(second)).isEqualTo("s3cr3t-db-2 s3cr3t-key-1");

        List<String> shown = new ArrayList<>(List.of(applied.toString(), again.body(), plan.body()));
        for (String path : List.of("/v1/apps", "/v1/apps/vault", "/v1/apps/vault/revisions", "/v1/apps/vault/instances",
                "/v1/deployments?app=vault", "/v1/deployments/" + deployment, "/v1/events", "/v1/events?app=vault")) {
            Response response = server.get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            shown.add(response.body());
        }
        JsonNode events = server.get("/v1/events").json();
        String stream = eventStreamUpTo(events.get(events.size() - 1).get("id").asLong());
        assertThat(stream).contains("revision_created").contains("instance_started");
        shown.add(stream);
        synchronized (logged) { // appenders append under their own lock
            logged.list.forEach(event -> shown.add(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()))));
        }

        assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain("s3cr3t"));
        assertThat(server.get("/v1/apps/vault/revisions").json()).allSatisfy(revision ->
                assertThat(revision.at("/spec/run/secretEnv/DB_PASSWORD").asText()).isEqualTo("***"));
    }

    @Test
    void aRestartedServerKeepsTheHashOfAnUnchangedManifestWithSecrets() {
        server.apply(manifest("s3cr3t-db-1", "s3cr3t-key-1"));
        server.awaitRoutable("vault", 1);
        Path key = server.dataDir().resolve("revision-hash.key");
        assertThat(key).exists();

        server.restart();

        Response again = server.apply(manifest("s3cr3t-db-1", "s3cr3t-key-1"));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("revisionCreated").asBoolean()).isFalse();
        assertThat(again.json().get("revision").asInt()).isEqualTo(1);
        if (key.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(permissions(key)).isEqualTo("rw-------");
        }
    }

    private static String permissions(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The event stream's text from the start up to and including event {@code last}. */
    private String eventStreamUpTo(long last) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.apiUrl() + "/v1/events/stream"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + server.adminToken()).GET().build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        try (Stream<String> lines = response.body()) {
            return CompletableFuture.supplyAsync(() -> {
                StringBuilder text = new StringBuilder();
                boolean atLast = false;
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    text.append(line).append('\n');
                    atLast |= line.startsWith("id:") && line.substring(3).trim().equals(Long.toString(last));
                    if (atLast && line.isEmpty()) {
                        break;
                    }
                }
                return text.toString();
            }).get(20, TimeUnit.SECONDS);
        }
    }
}
