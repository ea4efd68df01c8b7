package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.api.ApiServer;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import io.cutover.core.auth.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint of the API refuses a call without a valid token (401) and one whose role is too small
 * (403), in the API's error shape, changing nothing; and docs/security.md lists exactly these rules.
 */
class ApiAccessIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    private final Map<Role, String> tokens = new EnumMap<>(Role.class);

    @BeforeEach
    void deployAnAppAndMakeATokenOfEachRole() {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        for (Role role : Role.values()) {
            tokens.put(role, server.createToken("t-" + role.word(), role.word()));
        }
    }

    @Test
    void everyEndpointRefusesCallsWithoutATokenOrWithTooSmallARoleAndNothingChanges() {
        long eventsBefore = lastEventId();
        JsonNode appBefore = server.get("/v1/apps/hello").json();
        List<ApiServer.Rule> rules = server.apiRules();
        assertThat(rules).hasSizeGreaterThan(25);
        int refused = 0;
        for (ApiServer.Rule rule : rules) {
            String path = concrete(rule.path());
            if (rule.permitted().isEmpty()) {
                assertThat(call(rule, path, null).status()).as("%s %s is open", rule.method(), rule.path()).isEqualTo(200);
                continue;
            }
            for (String token : List.of("", "cutover_not-a-token", tokens.get(Role.ADMIN) + "x")) {
                Response answer = call(rule, path, token.isEmpty() ? null : token);
                assertThat(answer.status()).as("%s %s with token '%s'", rule.method(), rule.path(), token).isEqualTo(401);
                assertThat(answer.json().get("error").asText()).isEqualTo("unauthorized");
                refused++;
            }
            for (Role role : Role.values()) {
                if (!rule.permitted().contains(role)) {
                    Response answer = call(rule, path, tokens.get(role));
                    assertThat(answer.status()).as("%s %s as %s", rule.method(), rule.path(), role).isEqualTo(403);
                    assertThat(answer.json().get("error").asText()).isEqualTo("forbidden");
                    assertThat(answer.json().get("message").asText()).contains("t-" + role.word()).contains("nothing changed");
                    refused++;
                }
            }
        }

        assertThat(refused).isGreaterThan(100);
        assertThat(lastEventId()).as("no refused call wrote an event").isEqualTo(eventsBefore);
        JsonNode appAfter = server.get("/v1/apps/hello").json();
        assertThat(appAfter.get("revision")).isEqualTo(appBefore.get("revision"));
        assertThat(appAfter.at("/spec/instances")).isEqualTo(appBefore.at("/spec/instances"));
        assertThat(server.get("/v1/routes").json().toString()).contains("hello");
    }

    @Test
    void theRolesPermitWhatTheyShould() {
        assertThat(server.api("GET", "/v1/apps", null, null, tokens.get(Role.VIEWER)).status()).isEqualTo(200);
        assertThat(server.api("GET", "/v1/routing/table", null, null, tokens.get(Role.ROUTER)).status()).isEqualTo(200);
        assertThat(server.api("GET", "/v1/routing/table", null, null, tokens.get(Role.VIEWER)).status()).isEqualTo(200);
        Response scaled = server.api("POST", "/v1/apps/hello/scale", "{\"instances\": 2}", "application/json",
                tokens.get(Role.DEPLOYER));
        assertThat(scaled.status()).isEqualTo(200);
        assertThat(server.api("GET", "/metrics", null, null, null).status()).isEqualTo(401);
        assertThat(server.api("GET", "/metrics", null, null, tokens.get(Role.VIEWER)).status()).isEqualTo(200);
        assertThat(server.api("GET", "/healthz", null, null, null).status()).isEqualTo(200);
    }

    @Test
    void eventsCausedByACallNameItsToken() {
        server.api("POST", "/v1/apps/hello/scale", "{\"instances\": 2}", "application/json", tokens.get(Role.DEPLOYER));

        JsonNode scaled = null;
        for (JsonNode event : server.get("/v1/events?app=hello").json()) {
            if (event.get("type").asText().equals("app_scaled")) {
                scaled = event;
            }
        }
        assertThat(scaled).isNotNull();
        assertThat(scaled.at("/data/by").asText()).isEqualTo("t-deployer");
        assertThat(server.get("/v1/events").json().toString()).contains("\"type\":\"token_created\"");
    }

    @Test
    void aRevokedOrExpiredTokenIsRefused() {
        String shortLived = server.api("POST", "/v1/tokens", "{\"name\": \"brief\", \"role\": \"viewer\", \"expires\": \"1s\"}",
                "application/json").json().get("token").asText();
        assertThat(server.api("GET", "/v1/apps", null, null, tokens.get(Role.VIEWER)).status()).isEqualTo(200);

        assertThat(server.api("DELETE", "/v1/tokens/t-viewer", null, null).status()).isEqualTo(200);

        assertThat(server.api("GET", "/v1/apps", null, null, tokens.get(Role.VIEWER)).status()).isEqualTo(401);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.api("GET", "/v1/apps", null, null, shortLived).status() == 401);
    }

    @Test
    void tokensAreShownOnceAndStoredOnlyAsAHash() throws IOException {
        JsonNode created = server.api("POST", "/v1/tokens", "{\"name\": \"alice\", \"role\": \"deployer\", \"expires\": \"30d\"}",
                "application/json").json();
        String token = created.get("token").asText();
        assertThat(token).startsWith("cutover_").hasSizeGreaterThanOrEqualTo(8 + 43); // 256 random bits, base64url
        assertThat(created.get("expires").asText()).isNotBlank();

        assertThat(server.get("/v1/tokens").json().toString()).contains("\"alice\"").doesNotContain(token);
        assertThat(server.get("/v1/events").json().toString()).doesNotContain(token);
        // The store's files, its write-ahead log included (a fresh write may still be only there).
        try (var files = Files.list(server.dataDir())) {
            List<Path> db = files.filter(f -> f.getFileName().toString().startsWith("cutover.db")).toList();
            assertThat(db).isNotEmpty();
            for (Path file : db) {
                assertThat(text(file)).as(file.toString()).doesNotContain(token);
            }
            assertThat(db.stream().map(this::text).anyMatch(t -> t.contains("alice"))).as("the token's row is in the store").isTrue();
        }

        Response again = server.api("POST", "/v1/tokens", "{\"name\": \"alice\", \"role\": \"viewer\"}", "application/json");
        assertThat(again.status()).isEqualTo(409);
        Response badRole = server.api("POST", "/v1/tokens", "{\"name\": \"bob\", \"role\": \"root\"}", "application/json");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().at("/details/0/field").asText()).isEqualTo("role");
    }

    @Test
    void theAdminTokenFileIsTheOwnersOnly() throws IOException {
        Path file = server.dataDir().resolve("admin.token");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String before = server.adminToken();

        server.restart();

        assertThat(server.adminToken()).as("a restart keeps the admin token").isEqualTo(before);
        assertThat(server.get("/v1/apps").status()).isEqualTo(200);
    }

    @Test
    void docsListEveryEndpointWithItsRoles() throws IOException {
        Set<String> fromCode = new TreeSet<>();
        for (ApiServer.Rule rule : server.apiRules()) {
            fromCode.add(row(rule));
        }
        Set<String> fromDocs = new TreeSet<>();
        Matcher rows = Pattern.compile("(?m)^\\| (GET|POST|PUT|DELETE) \\| `([^`]+)` \\| ([^|]+) \\|")
                .matcher(Files.readString(Path.of("../docs/security.md")));
        while (rows.find()) {
            fromDocs.add(rows.group(1) + " | `" + rows.group(2) + "` | " + rows.group(3).strip());
        }

        assertThat(fromDocs).as("docs/security.md's endpoint table; from the code:%n| %s |",
                String.join(" |\n| ", fromCode)).isEqualTo(fromCode);
    }

    private String text(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String row(ApiServer.Rule rule) {
        String roles = rule.permitted().isEmpty() ? "anyone"
                : String.join(", ", rule.permitted().stream().map(Role::word).toList())
                        + (rule.metrics() ? " (anyone with --metrics-open)" : "");
        return rule.method() + " | `" + rule.path() + "` | " + roles;
    }

    private Response call(ApiServer.Rule rule, String path, String token) {
        String body = rule.method().equals("GET") || rule.method().equals("DELETE") ? null : "{}";
        return server.api(rule.method(), path, body, "application/json", token);
    }

    private static String concrete(String path) {
        return path.replace("{name}", "hello").replace("{id}", "1").replace("{host}", "hello.localhost")
                .replace("{file}", "dashboard.js")
                .replace("/v1/routing/watch", "/v1/routing/watch?router=r9");
    }

    private long lastEventId() {
        JsonNode events = server.get("/v1/events?limit=10000").json();
        return events.isEmpty() ? 0 : events.get(events.size() - 1).get("id").asLong();
    }
}
