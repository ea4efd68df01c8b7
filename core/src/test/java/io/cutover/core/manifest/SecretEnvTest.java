package io.cutover.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret env values: both manifest forms, never shown, kept by the store, counted by the revision hash. */
class SecretEnvTest {

    /** What a secret-free run part hashed to before secrets existed (below). */
    private static final String OLD_HASH = "74fb9665e17e";
    private static final RevisionHash HASH = new RevisionHash("a key of sixteen bytes or more".getBytes(StandardCharsets.UTF_8));

    private static AppSpec spec(String run) {
        return Manifests.parse("name: a\nrun: " + run + "\n");
    }

    private static List<String> problems(String run) {
        try {
            spec(run);
        } catch (InvalidManifestException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("expected the manifest to be rejected");
    }

    @Test
    void readsSecretEnvAndTheSecretFormOfEnvIntoOneMap() {
        AppSpec spec = spec("{command: x, env: {LOG: info, DB_PASSWORD: {secret: hunter2}}, secretEnv: {API_KEY: abc, PIN: 1234}}");

        assertThat(spec.run().env()).containsExactly(Map.entry("LOG", "info"));
        assertThat(spec.run().secretEnv()).containsExactly(Map.entry("API_KEY", new Secret("abc")),
                Map.entry("DB_PASSWORD", new Secret("hunter2")), Map.entry("PIN", new Secret("1234")));
        assertThat(spec.run().environment()).as("what the instance gets").containsExactly(Map.entry("API_KEY", "abc"),
                Map.entry("DB_PASSWORD", "hunter2"), Map.entry("LOG", "info"), Map.entry("PIN", "1234"));
        assertThat(spec("{command: x, secretEnv: {K: v}}")).as("both forms are one spec")
                .isEqualTo(spec("{command: x, env: {K: {secret: v}}}"));
    }

    @Test
    void showsSecretsAsAMaskInJsonAndInToString() {
        AppSpec spec = spec("{command: x, env: {LOG: info, DB_PASSWORD: {secret: hunter2}}}");

        assertThat(Manifests.toJson(spec)).doesNotContain("hunter2")
                .contains("\"secretEnv\":{\"DB_PASSWORD\":\"***\"}").contains("\"LOG\":\"info\"");
        assertThat(Manifests.json().valueToTree(spec).toString()).doesNotContain("hunter2");
        assertThat(spec.toString()).doesNotContain("hunter2").contains("DB_PASSWORD=***");
        assertThat(Manifests.toJson(spec("{command: x}"))).as("no secrets, no field").doesNotContain("secretEnv");
    }

    @Test
    void theStoredFormKeepsTheValues() {
        AppSpec spec = spec("{command: x, secretEnv: {DB_PASSWORD: hunter2}}");

        String stored = Manifests.toStoredJson(spec);
        assertThat(stored).contains("\"DB_PASSWORD\":\"hunter2\"");
        assertThat(Manifests.fromStoredJson(stored)).isEqualTo(spec);
        assertThat(Manifests.fromStoredJson(stored).run().secretEnv().get("DB_PASSWORD").value()).isEqualTo("hunter2");
    }

    @Test
    void aSecretCountsTowardsTheRevisionHash() {
        String same = HASH.of(spec("{command: x, secretEnv: {DB_PASSWORD: hunter2}}"));

        assertThat(HASH.of(spec("{command: x, env: {DB_PASSWORD: {secret: hunter2}}}"))).as("same secret").isEqualTo(same);
        assertThat(HASH.of(spec("{command: x, secretEnv: {DB_PASSWORD: hunter3}}"))).as("changed secret").isNotEqualTo(same);
        assertThat(HASH.of(spec("{command: x, env: {DB_PASSWORD: hunter2}}"))).as("not secret").isNotEqualTo(same);
    }

    @Test
    void aSecretEntersTheHashOnlyThroughTheKeyedDigest() {
        AppSpec withSecret = spec("{command: x, secretEnv: {DB_PASSWORD: hunter2}}");
        RevisionHash otherKey = new RevisionHash(new byte[RevisionHash.MIN_KEY_BYTES]);

        assertThat(otherKey.of(withSecret)).as("another key, another digest").isNotEqualTo(HASH.of(withSecret));
        AppSpec plain = spec("{command: x, env: {V: \"1\"}}");
        assertThat(otherKey.of(plain)).as("no secrets: the key plays no part").isEqualTo(HASH.of(plain));
        assertThatThrownBy(() -> new RevisionHash(new byte[RevisionHash.MIN_KEY_BYTES - 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunPartWithoutSecretsKeepsTheHashItHadBeforeSecretsExisted() {
        // The SHA-256 of {"run":{"command":"x","env":{"V":"1"},"workingDir":null},"healthCheck":null,"readinessCheck":null}:
        // revisions stored before secrets existed must not look changed.
        assertThat(HASH.of(spec("{command: x, env: {V: \"1\"}}"))).isEqualTo(OLD_HASH);
    }

    @Test
    void reportsBadSecretsWhereTheManifestWroteThemWithoutTheirValues() {
        List<String> problems = problems("""
                {command: x,
                  env: {A: {secert: s3cr3t-a}, B: {}, C: {secret: [s3cr3t-c]}, D: {secret: null}, E: {secret: s3cr3t-e, more: 1},
                        PORT: {secret: s3cr3t-port}, BOTH: {secret: s3cr3t-both}, "1X": {secret: s3cr3t-1x}},
                  secretEnv: {BOTH: s3cr3t-both2, F: {nested: s3cr3t-f}, G: "***", H: null, "bad-name": s3cr3t-bad}}""");

        assertThat(problems).containsExactlyInAnyOrder(
                "run.env.A.secert: unknown field (expected: a string, or {secret: \"...\"})",
                "run.env.B: an empty mapping (expected: a string, or {secret: \"...\"})",
                "run.env.C.secret: wrong type (expected: a string)",
                "run.env.D.secret: has no value (write \"\" for an empty one)",
                "run.env.E.more: unknown field (expected: a string, or {secret: \"...\"})",
                "run.env.PORT: is set by Cutover (the instance's port)",
                "run.env.BOTH: is also in run.secretEnv (give it once)",
                "run.env.1X: not a valid variable name (expected: letters, digits, _)",
                "run.secretEnv.F: wrong type (expected: a string)",
                "run.secretEnv.G: \"***\" is how Cutover shows a secret (expected: the value itself)",
                "run.secretEnv.H: has no value (write \"\" for an empty one)",
                "run.secretEnv.bad-name: not a valid variable name (expected: letters, digits, _)");
        assertThat(String.join("\n", problems)).doesNotContain("s3cr3t");
    }

    @Test
    void aVariableIsSecretOrNot() {
        assertThat(problems("{command: x, env: {K: v}, secretEnv: {K: s3cr3t}}"))
                .containsExactly("run.secretEnv.K: is also in run.env (a variable is secret or not)");
    }
}
