package io.cutover.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.testing.RunningServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apps driven by {@code App} resources, as {@code kubectl apply} or a GitOps tool would: made, changed and
 * deleted through the resource, their state in its status, a refused spec named there.
 */
class AppResourcesIT {

    @RegisterExtension
    static final ClusterPerClass kubernetes = new ClusterPerClass();

    @RegisterExtension
    final RunningServer server = RunningServer.perTest().onRuntime(kubernetes::runtime);

    private static GenericKubernetesResource app(String version, int instances) {
        return Serialization.unmarshal("""
                apiVersion: cutover.io/v1
                kind: App
                metadata: {name: hello}
                spec:
                  instances: %d
                  run: {image: "simpleservice:%s"}
                  healthCheck: {path: /health, intervalSeconds: 1, timeoutSeconds: 1, maxConsecutiveFailures: 2, gracePeriodSeconds: 10}
                  killGracePeriodSeconds: 5
                  drainTimeoutSeconds: 5
                """.formatted(instances, version), GenericKubernetesResource.class);
    }

    private Resource<GenericKubernetesResource> hello() {
        return kubernetes.cluster().client().genericKubernetesResources(AppResources.APPS).withName("hello");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() {
        GenericKubernetesResource resource = hello().get();
        Object status = resource == null ? null : resource.getAdditionalProperties().get("status");
        return status == null ? Map.of() : (Map<String, Object>) status;
    }

    @Test
    void anAppResourceMakesChangesAndDeletesItsAppAndShowsItsStateInItsStatus() {
        kubernetes.cluster().client().genericKubernetesResources(AppResources.APPS).resource(app("1.0", 2)).create();

        await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(status().get("phase")) && "2/2".equals(status().get("ready")));
        assertThat(status()).containsEntry("revision", 1).containsEntry("routable", 2).containsEntry("desired", 2);
        assertThat((String) status().get("deployment")).endsWith("DEPLOYED");
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("1.0");

        hello().edit(r -> {
            ((Map<String, Object>) ((Map<String, Object>) r.getAdditionalProperties().get("spec")).get("run")).put("image", "simpleservice:2.0");
            return r;
        });

        await().atMost(Duration.ofSeconds(90)).until(() -> Integer.valueOf(2).equals(status().get("revision"))
                && "Running".equals(status().get("phase")));
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("2.0");
        assertThat(server.get("/v1/apps/hello").json().get("revision").asInt()).isEqualTo(2);

        assertThat(hello().get().getMetadata().getFinalizers()).containsExactly("cutover.io/app");
        try (io.cutover.controller.testing.Traffic traffic = io.cutover.controller.testing.Traffic.start(server, "hello.localhost",
                "/endpoint0", 2)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> traffic.versions().containsKey("2.0"));
            hello().delete();

            await().atMost(Duration.ofSeconds(60)).until(() -> server.get("/v1/apps/hello").status() == 404);
            traffic.close();
            assertThat(traffic.failures()).as("requests while the app went: its routes went first, then its pods")
                    .allSatisfy(failure -> assertThat(failure).doesNotStartWith("502"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> hello().get() == null);
        await().atMost(Duration.ofSeconds(30)).until(() -> kubernetes.cluster().client().pods().list().getItems().isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSpecCutoverRefusesIsNamedInTheStatusAndChangesNothing() {
        GenericKubernetesResource bad = app("1.0", 1);
        ((Map<String, Object>) bad.getAdditionalProperties().get("spec")).put("instances", -1);

        kubernetes.cluster().client().genericKubernetesResources(AppResources.APPS).resource(bad).create();

        await().atMost(Duration.ofSeconds(30)).until(() -> "Invalid".equals(status().get("phase")));
        Map<String, Object> condition = ((java.util.List<Map<String, Object>>) status().get("conditions")).getFirst();
        assertThat(condition).containsEntry("type", "Applied").containsEntry("status", "False");
        assertThat((String) condition.get("message")).contains("instances");
        assertThat(server.get("/v1/apps/hello").status()).isEqualTo(404);
    }
}
