package io.cutover.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One ReplicaSet per revision, its pod template made from the manifest. */
class PodTemplatesTest {

    @Test
    void aRevisionsReplicaSetRunsTheManifestsImageWithItsSettings() {
        ReplicaSet rs = PodTemplates.replicaSet(Manifests.parse("""
                name: hello
                run:
                  image: registry.example/hello:1.0
                  command: exec ./serve --quiet
                  port: 9000
                  env: {GREETING: hi}
                killGracePeriodSeconds: 20
                resources: {requests: {cpu: 250m, memory: 128Mi}, limits: {memory: 256Mi}}
                kubernetes:
                  serviceAccountName: hello
                  nodeSelector: {kubernetes.io/os: linux}
                  tolerations: [{key: dedicated, operator: Equal, value: web, effect: NoSchedule}]
                  imagePullSecrets: [registry-credentials]
                  labels: {team: web}
                  annotations: {prometheus.io/scrape: "true"}
                """), 3, "a1b2c3d4e5f6", "registry.example/busybox:1.37");

        assertThat(rs.getMetadata().getName()).isEqualTo("hello-a1b2c3d4e5f6");
        assertThat(rs.getSpec().getReplicas()).isZero();
        assertThat(rs.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("cutover.io/app", "hello", "cutover.io/revision-hash", "a1b2c3d4e5f6"));
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "hello")
                .containsEntry("cutover.io/revision", "3").containsEntry("app.kubernetes.io/managed-by", "cutover")
                .containsEntry("team", "web").containsAllEntriesOf(rs.getSpec().getSelector().getMatchLabels());
        assertThat(rs.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
        PodSpec pod = rs.getSpec().getTemplate().getSpec();
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(20);
        assertThat(pod.getServiceAccountName()).isEqualTo("hello");
        assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getEffect()).isEqualTo("NoSchedule"));
        assertThat(pod.getImagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("registry-credentials"));
        Container container = pod.getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("registry.example/hello:1.0");
        assertThat(container.getCommand()).containsExactly("/bin/sh", "-c", "exec ./serve --quiet");
        assertThat(container.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9000));
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("GREETING", "PORT", "CUTOVER_POD_NAME");
        assertThat(container.getEnv().get(1).getValue()).isEqualTo("9000");
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
    }

    @Test
    void besideTheAppRunsAnIdentityContainerThatServesThePodsUidAndNothingElse() {
        PodSpec pod = PodTemplates.replicaSet(Manifests.parse("name: hello\nrun: {image: hello:1}\n"), 1, "0123456789ab",
                "registry.example/busybox:1.37").getSpec().getTemplate().getSpec();

        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app", "cutover-identity");
        Container identity = pod.getContainers().get(1);
        assertThat(identity.getImage()).isEqualTo("registry.example/busybox:1.37");
        assertThat(identity.getCommand()).containsExactly("httpd", "-f", "-p", "15201", "-h", "/cutover/identity");
        assertThat(identity.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo("/cutover/identity");
            assertThat(m.getReadOnly()).isTrue();
        });
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getDownwardAPI().getItems()).singleElement()
                .satisfies(item -> {
                    assertThat(item.getPath()).isEqualTo("uid");
                    assertThat(item.getFieldRef().getFieldPath()).isEqualTo("metadata.uid");
                }));
        assertThat(identity.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(identity.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(identity.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(identity.getResources().getLimits()).containsEntry("memory", new Quantity("16Mi"));
    }

    @Test
    void anImageWithArgsKeepsItsEntrypointAndListensOn8080ByDefault() {
        Container container = PodTemplates.replicaSet(Manifests.parse("name: hello\nrun: {image: hello:1, args: [--fast]}\n"), 1, "0123456789ab", PodTemplates.DEFAULT_IDENTITY_IMAGE)
                .getSpec().getTemplate().getSpec().getContainers().getFirst();

        assertThat(container.getCommand()).isEmpty();
        assertThat(container.getArgs()).containsExactly("--fast");
        assertThat(container.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        assertThat(container.getResources()).isNull();
    }

    @Test
    void aCommandOnlyAppHasNoPodTemplate() {
        assertThatThrownBy(() -> PodTemplates.replicaSet(Manifests.parse("name: hello\nrun: {command: ./run}\n"), 1, "0123456789ab", PodTemplates.DEFAULT_IDENTITY_IMAGE))
                .hasMessageContaining("run.image");
    }

    @Test
    void secretVariablesComeFromTheRevisionsSecretByReferenceAndItsValuesStayOutOfThePodSpec() {
        AppSpec spec = Manifests.parse("name: hello\nrun: {image: hello:1, env: {MODE: fast, TOKEN: s3cret}}\n");
        ReplicaSet rs = PodTemplates.replicaSet(spec, 1, "0123456789ab", PodTemplates.DEFAULT_IDENTITY_IMAGE, Set.of("TOKEN"));
        rs.getMetadata().setUid("uid-of-the-replicaset");

        Container app = rs.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(app.getEnv()).filteredOn(e -> e.getName().equals("TOKEN")).singleElement().satisfies(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("hello-0123456789ab");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("TOKEN");
        });
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(rs)).doesNotContain("s3cret").contains("fast");

        Secret secret = PodTemplates.secret(rs, Map.of("TOKEN", "s3cret"));
        assertThat(secret.getMetadata().getName()).isEqualTo("hello-0123456789ab");
        assertThat(secret.getStringData()).containsExactly(Map.entry("TOKEN", "s3cret"));
        assertThat(secret.getImmutable()).isTrue();
        assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("uid-of-the-replicaset"));
    }
}
