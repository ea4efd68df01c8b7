package io.cutover.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.model.AppProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsTest {

    private static List<String> problems(String manifest) {
        try {
            Manifests.parse(manifest);
        } catch (InvalidManifestException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the manifest to be rejected");
    }

    @Test
    void fillsEveryDefaultOfAMinimalManifest() {
        AppSpec spec = Manifests.parse("name: hello\nrun: {command: ./run.sh}\n");

        assertThat(spec.instances()).isEqualTo(1);
        assertThat(spec.routes()).containsExactly("hello");
        assertThat(spec.healthCheck()).isNull();
        assertThat(spec.strategy().type()).isEqualTo(StrategySpec.Type.ROLLING);
        assertThat(spec.strategy().minimumHealthCapacity()).isNull();
        assertThat(spec.strategy().progressDeadlineSeconds()).isEqualTo(600);
        assertThat(spec.killGracePeriodSeconds()).isEqualTo(10);
        assertThat(spec.drainTimeoutSeconds()).isEqualTo(30);
        assertThat(spec.backoffFactor()).isEqualTo(1.15);
    }

    @Test
    void readsTheDesignExampleInYamlAndJson() {
        String yaml = """
                name: hello
                instances: 4
                run:
                  command: java -jar simpleservice.jar
                  env: {SIMPLE_SERVICE_VERSION: "1.0", HEALTH_MIN: "100"}
                routes: [hello.localhost, api.example.com/v1]
                healthCheck: {path: /health, intervalSeconds: 2, timeoutSeconds: 1, maxConsecutiveFailures: 3}
                readinessCheck: {path: /ready, intervalSeconds: 1, httpStatusCodesForReady: [200]}
                strategy: {type: recreate}
                """;
        AppSpec fromYaml = Manifests.parse(yaml);
        AppSpec fromJson = Manifests.parse(Manifests.toJson(fromYaml));

        assertThat(fromYaml.instances()).isEqualTo(4);
        assertThat(fromYaml.run().env()).containsEntry("SIMPLE_SERVICE_VERSION", "1.0");
        assertThat(fromYaml.healthCheck().path()).isEqualTo("/health");
        assertThat(fromYaml.healthCheck().gracePeriodSeconds()).isEqualTo(15);
        assertThat(fromYaml.readinessCheck().httpStatusCodesForReady()).containsExactly(200);
        assertThat(fromYaml.strategy().type()).isEqualTo(StrategySpec.Type.RECREATE);
        assertThat(fromJson).isEqualTo(fromYaml);
    }

    @Test
    void reportsEveryUnknownFieldWithItsPath() {
        assertThat(problems("""
                name: hello
                replicas: 3
                run: {command: x, enviroment: {A: b}}
                healthCheck: {path: /health, intervall: 2}
                """)).containsExactlyInAnyOrder(
                "replicas: unknown field",
                "run.enviroment: unknown field",
                "healthCheck.intervall: unknown field");
    }

    @Test
    void reportsEveryInvalidValueAtOnce() {
        assertThat(problems("""
                name: Hello_World
                instances: -1
                run: {command: "  "}
                routes: [hello.localhost, hello.localhost, "bad host!"]
                healthCheck: {intervalSeconds: 0, path: health}
                strategy: {minimumHealthCapacity: 1.5}
                """)).containsExactly(
                "name: \"Hello_World\" (expected: lower-case letters, digits and single dashes, starting and ending with a letter or digit)",
                "instances: -1 (expected: 0..1000)",
                "run.command: is required and must not be empty (or run.image, on Kubernetes)",
                "routes[1]: \"hello.localhost\" is listed twice",
                "routes[2]: \"bad host!\" (expected: a hostname of lower-case letters, digits and dashes, like hello.localhost or *.example.com)",
                "healthCheck.path: \"health\" (expected: starts with /)",
                "healthCheck.intervalSeconds: 0 (expected: 1..3600)",
                "strategy.minimumHealthCapacity: 1.5 (expected: 0..1)");
    }

    @Test
    void rejectsMalformedYamlWithItsPosition() {
        assertThat(problems("name: hello\nrun: {command: x\ninstances: 2\n"))
                .singleElement().asString().startsWith("malformed manifest at line");
    }

    @Test
    void namesTheFieldOfAValueOfTheWrongType() {
        assertThat(problems("name: hello\ninstances: three\nrun: {command: x}\n"))
                .containsExactly("instances: \"three\" (expected: a whole number)");
        assertThat(problems("name: hello\nrun: {command: x}\nstrategy: {type: sideways}\n"))
                .containsExactly("strategy.type: \"sideways\" (expected: one of rolling, canary, blueGreen, recreate)");
    }

    @Test
    void readsWhatTheInstancesSpeakAndKeepsOlderHashes() {
        AppSpec h2c = Manifests.parse("name: a\nrun: {command: x, protocol: h2c}\n");
        AppSpec plain = Manifests.parse("name: a\nrun: {command: x}\n");

        assertThat(h2c.run().speaks()).isEqualTo(AppProtocol.H2C);
        assertThat(plain.run().speaks()).isEqualTo(AppProtocol.HTTP1);
        assertThat(Manifests.toJson(plain)).doesNotContain("protocol");
        RevisionHash hash = new RevisionHash(new byte[RevisionHash.MIN_KEY_BYTES]);
        assertThat(hash.of(h2c)).isNotEqualTo(hash.of(plain));
        assertThat(problems("name: a\nrun: {command: x, protocol: h3}\n"))
                .containsExactly("run.protocol: \"h3\" (expected: one of http1, h2c)");
    }

    @Test
    void readsAGrpcHealthCheckAndKeepsOlderHashes() {
        AppSpec grpc = Manifests.parse("name: a\nrun: {command: x, protocol: h2c}\nhealthCheck: {protocol: GRPC, service: shop.Cart}\n");
        AppSpec tcp = Manifests.parse("name: a\nrun: {command: x}\nhealthCheck: {protocol: TCP}\n");

        assertThat(grpc.healthCheck().protocol()).isEqualTo(HealthCheck.Protocol.GRPC);
        assertThat(grpc.healthCheck().service()).isEqualTo("shop.Cart");
        assertThat(Manifests.toJson(tcp)).doesNotContain("service");
        assertThat(problems("name: a\nrun: {command: x}\nhealthCheck: {protocol: HTTP, service: shop.Cart}\n"))
                .containsExactly("healthCheck.service: is only for protocol GRPC (the gRPC service to ask about)");
        assertThat(problems("name: a\nrun: {command: x}\nhealthCheck: {protocol: GRPC}\n"))
                .containsExactly("healthCheck.protocol: GRPC needs run.protocol: h2c (gRPC is HTTP/2)");
        assertThat(problems("name: a\nrun: {command: x}\nhealthCheck: {protocol: GRPCS}\n"))
                .containsExactly("healthCheck.protocol: \"GRPCS\" (expected: one of HTTP, TCP, COMMAND, GRPC, PROCESS)");
    }

    @Test
    void readsTheHttpsPolicyOutsideTheRevision() {
        AppSpec secured = Manifests.parse("""
                name: a
                run: {command: x}
                https: {redirect: true, hstsMaxAgeSeconds: 31536000, hstsIncludeSubDomains: true, hstsPreload: true}
                """);
        AppSpec plain = Manifests.parse("name: a\nrun: {command: x}\n");

        assertThat(secured.https().redirect()).isTrue();
        assertThat(secured.https().hstsHeader()).isEqualTo("max-age=31536000; includeSubDomains; preload");
        assertThat(plain.https()).isNull();
        assertThat(Manifests.toJson(plain)).doesNotContain("https");
        RevisionHash hash = new RevisionHash(new byte[RevisionHash.MIN_KEY_BYTES]);
        assertThat(hash.of(secured)).as("a change applies to the routes, no new revision").isEqualTo(hash.of(plain));
        assertThat(Manifests.parse(Manifests.toJson(secured)).https()).isEqualTo(secured.https());
    }

    @Test
    void refusesAnHttpsPolicyBrowsersWouldNotTake() {
        assertThat(problems("name: a\nrun: {command: x}\nhttps: {hstsMaxAgeSeconds: -1}\n"))
                .containsExactly("https.hstsMaxAgeSeconds: -1 (expected: 0..63072000, two years; 0 for no Strict-Transport-Security)");
        assertThat(problems("name: a\nrun: {command: x}\nhttps: {hstsIncludeSubDomains: true}\n"))
                .containsExactly("https.hstsIncludeSubDomains: only with https.hstsMaxAgeSeconds above 0");
        assertThat(problems("name: a\nrun: {command: x}\nhttps: {hstsMaxAgeSeconds: 600, hstsIncludeSubDomains: true, hstsPreload: true}\n"))
                .singleElement().asString().startsWith("https.hstsPreload: needs https.hstsIncludeSubDomains: true and");
        assertThat(problems("name: a\nrun: {command: x}\nhttps: {redirect: sometimes}\n"))
                .singleElement().asString().startsWith("https.redirect:");
        assertThat(problems("name: a\nrun: {command: x}\nhttps: {hsts: 600}\n"))
                .singleElement().asString().startsWith("https.hsts:");
    }

    @Test
    void rejectsEmptyAndNonMappingDocuments() {
        assertThat(problems("")).containsExactly("the manifest is empty");
        assertThat(problems("- a\n- b\n")).singleElement().asString().contains("expected a mapping");
    }

    @Test
    void rejectsThePortVariablesCutoverSets() {
        assertThat(problems("name: a\nrun: {command: x, env: {PORT: \"1\"}}\n"))
                .containsExactly("run.env.PORT: is set by Cutover (the instance's port)");
    }

    @Test
    void hashChangesWithTheRunPartOnly() {
        AppSpec base = Manifests.parse("name: a\nrun: {command: x, env: {V: \"1\"}}\n");
        AppSpec scaled = Manifests.parse("name: a\ninstances: 5\nroutes: [b]\nrun: {command: x, env: {V: \"1\"}}\n");
        AppSpec changed = Manifests.parse("name: a\nrun: {command: x, env: {V: \"2\"}}\n");

        RevisionHash hash = new RevisionHash(new byte[RevisionHash.MIN_KEY_BYTES]);
        assertThat(hash.of(base)).hasSize(12).isEqualTo(hash.of(scaled));
        assertThat(hash.of(changed)).isNotEqualTo(hash.of(base));
    }

    @Test
    void invalidManifestMessageListsTheProblems() {
        assertThatThrownBy(() -> Manifests.parse("name: a\ninstances: -2\nrun: {command: x}\n"))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("invalid manifest: instances: -2 (expected: 0..1000)");
    }
}
