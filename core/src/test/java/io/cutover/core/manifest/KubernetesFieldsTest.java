package io.cutover.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fields the Kubernetes runtime uses: read, checked with the field named, and which runtime takes them. */
class KubernetesFieldsTest {

    private static final RevisionHash HASH = new RevisionHash(new byte[RevisionHash.MIN_KEY_BYTES]);

    private static List<String> problems(String manifest) {
        try {
            Manifests.parse(manifest);
            return List.of();
        } catch (InvalidManifestException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    @Test
    void readsAnImageAppWithResourcesAndPodSettings() {
        AppSpec spec = Manifests.parse("""
                name: hello
                run:
                  image: registry.example/hello:1.0
                  args: [--port, "8080"]
                  port: 8080
                  env: {GREETING: hi}
                resources:
                  requests: {cpu: 250m, memory: 128Mi}
                  limits: {cpu: "1", memory: 256Mi}
                kubernetes:
                  serviceAccountName: hello
                  nodeSelector: {kubernetes.io/os: linux}
                  tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
                  imagePullSecrets: [registry-credentials]
                  labels: {team: web}
                  annotations: {prometheus.io/scrape: "true"}
                """);

        assertThat(spec.run().image()).isEqualTo("registry.example/hello:1.0");
        assertThat(spec.run().args()).containsExactly("--port", "8080");
        assertThat(spec.run().port()).isEqualTo(8080);
        assertThat(spec.resources().requests().cpu()).isEqualTo("250m");
        assertThat(spec.resources().limits().memory()).isEqualTo("256Mi");
        assertThat(spec.kubernetes().tolerations()).singleElement().extracting(PodSettings.Toleration::effect).isEqualTo("NoSchedule");
        assertThat(spec.kubernetes().imagePullSecrets()).containsExactly("registry-credentials");
        assertThat(Manifests.parse(Manifests.toJson(spec))).isEqualTo(spec);
        assertThat(RuntimeFit.problems(spec, RuntimeKind.KUBERNETES)).isEmpty();
    }

    @Test
    void aSpecWithoutTheNewFieldsKeepsTheRevisionHashItHadBeforeThem() {
        // the hashes the same manifests had before run.image, run.args, run.port, resources and kubernetes existed
        assertThat(HASH.of(Manifests.parse("name: a\nrun: {command: x, env: {V: \"1\"}}\n"))).isEqualTo("74fb9665e17e");
        assertThat(HASH.of(Manifests.parse("name: a\nrun: {command: x, env: {V: \"1\"}, workingDir: /srv}\nhealthCheck: {path: /health}\n")))
                .isEqualTo("276a75c5543b");
    }

    @Test
    void resourcesAndPodSettingsMakeANewRevision() {
        String base = "name: a\nrun: {image: img:1}\n";
        String base1 = HASH.of(Manifests.parse(base));

        assertThat(HASH.of(Manifests.parse(base + "resources: {limits: {memory: 1Gi}}\n"))).isNotEqualTo(base1);
        assertThat(HASH.of(Manifests.parse(base + "kubernetes: {labels: {team: web}}\n"))).isNotEqualTo(base1);
        assertThat(HASH.of(Manifests.parse("name: a\ninstances: 3\nrun: {image: img:1}\n"))).isEqualTo(base1);
    }

    @Test
    void badKubernetesFieldsAreRefusedWithTheFieldNamed() {
        assertThat(problems("""
                name: a
                run: {image: "img 1", command: run, args: [x], port: 70000}
                resources:
                  requests: {cpu: 2, memory: lots}
                  limits: {cpu: 500m, memory: 0}
                kubernetes:
                  serviceAccountName: Not_A_Name
                  labels: {cutover.io/app: x, "bad key!": y, team: "not ok"}
                  annotations: {controller.kubernetes.io/pod-deletion-cost: "1"}
                  tolerations: [{operator: Sometimes}, {operator: Exists, value: x, tolerationSeconds: 5}]
                  imagePullSecrets: [UPPER]
                """)).containsExactlyInAnyOrder(
                "run.image: \"img 1\" (expected: an image reference such as registry.example/hello:1.0)",
                "run.args: give run.command (run with /bin/sh -c) or run.args (to the image's entrypoint), not both",
                "run.port: 70000 (expected: 1..65535)",
                "resources.requests.memory: \"lots\" (expected: bytes with an optional suffix, such as 256Mi, 1Gi or 500M)",
                "resources.limits.memory: \"0\" (expected: bytes with an optional suffix, such as 256Mi, 1Gi or 500M)",
                "resources.requests.cpu: 2 is more than the limit 500m (a request cannot exceed its limit)",
                "kubernetes.serviceAccountName: \"Not_A_Name\" (expected: a Kubernetes name: lower-case letters, digits, '-' and '.')",
                "kubernetes.imagePullSecrets[0]: \"UPPER\" (expected: a Kubernetes name: lower-case letters, digits, '-' and '.')",
                "kubernetes.labels.cutover.io/app: is Cutover's own (cutover.io/*, the label app.kubernetes.io/name, "
                        + "the annotation controller.kubernetes.io/pod-deletion-cost)",
                "kubernetes.labels.bad key!: \"bad key!\" (expected: [prefix/]name, the name at most 63 letters, digits, '-', '_' or '.', "
                        + "starting and ending with a letter or digit)",
                "kubernetes.labels.team: \"not ok\" (expected: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)",
                "kubernetes.annotations.controller.kubernetes.io/pod-deletion-cost: is Cutover's own (cutover.io/*, "
                        + "the label app.kubernetes.io/name, the annotation controller.kubernetes.io/pod-deletion-cost)",
                "kubernetes.tolerations[0].operator: \"Sometimes\" (expected: Equal or Exists)",
                "kubernetes.tolerations[1].value: must be empty with operator Exists",
                "kubernetes.tolerations[1].tolerationSeconds: only with effect NoExecute");
    }

    @Test
    void aRequestUpToItsLimitIsFineWhateverTheUnits() {
        assertThat(problems("name: a\nrun: {image: i}\nresources: {requests: {cpu: \"0.5\", memory: 1Gi}, limits: {cpu: 500m, memory: 1073741824}}\n"))
                .isEmpty();
        assertThat(problems("name: a\nrun: {image: i}\nresources: {requests: {memory: 2G}, limits: {memory: 1Gi}}\n"))
                .containsExactly("resources.requests.memory: 2G is more than the limit 1Gi (a request cannot exceed its limit)");
    }

    @Test
    void theLocalRuntimeRefusesAnImageAndPodFieldsAndKubernetesRefusesACommandOnlyApp() {
        AppSpec image = Manifests.parse("name: a\nrun: {image: img:1, port: 9000}\nresources: {limits: {cpu: \"1\"}}\nkubernetes: {labels: {team: web}}\n");
        AppSpec command = Manifests.parse("name: a\nrun: {command: ./run.sh}\n");

        assertThat(RuntimeFit.problems(image, RuntimeKind.LOCAL)).extracting(Problem::field)
                .containsExactly("run.image", "run.port", "resources", "kubernetes");
        assertThat(RuntimeFit.problems(image, RuntimeKind.LOCAL).getFirst().problem())
                .contains("this server runs local processes").contains("give run.command");
        assertThat(RuntimeFit.problems(command, RuntimeKind.LOCAL)).isEmpty();
        assertThat(RuntimeFit.problems(command, RuntimeKind.KUBERNETES)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("run.image");
            assertThat(p.problem()).startsWith("is required on the Kubernetes runtime");
        });
    }

    @Test
    void secretValuesRunOnKubernetesToo() {
        AppSpec secret = Manifests.parse("name: a\nrun: {image: img:1, env: {TOKEN: {secret: s3cret}}}\n");

        assertThat(RuntimeFit.problems(secret, RuntimeKind.KUBERNETES)).isEmpty();
    }

    @Test
    void theIdentityContainersPortIsNotAnAppsToTake() {
        AppSpec taken = Manifests.parse("name: a\nrun: {image: img:1, port: 15201}\n");

        assertThat(RuntimeFit.problems(taken, RuntimeKind.KUBERNETES)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("run.port");
            assertThat(p.problem()).startsWith("15201 is the port of the pod's identity container");
        });
        assertThat(RuntimeFit.problems(Manifests.parse("name: a\nrun: {image: img:1, port: 15200}\n"), RuntimeKind.KUBERNETES)).isEmpty();
    }

    @Test
    void anAppWithNeitherCommandNorImageIsRefused() {
        assertThat(problems("name: a\nrun: {env: {A: b}}\n"))
                .containsExactly("run.command: is required and must not be empty (or run.image, on Kubernetes)");
    }
}
