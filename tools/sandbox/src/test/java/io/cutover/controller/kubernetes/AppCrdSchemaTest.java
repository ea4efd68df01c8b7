package io.cutover.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.RunSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The App resource's schema in step with the manifest model: every manifest field, nothing else. */
class AppCrdSchemaTest {

    private static Set<String> fields(Class<? extends Record> model) {
        return Arrays.stream(model.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }

    @Test
    void theSpecHasEveryFieldOfAManifestButTheNameWhichIsTheResourcesName() {
        JSONSchemaProps spec = AppCrd.spec();

        Set<String> manifest = fields(AppSpec.class);
        manifest.remove("name");
        assertThat(spec.getProperties().keySet()).containsExactlyInAnyOrderElementsOf(manifest);
        assertThat(spec.getProperties().get("run").getProperties().keySet()).containsExactlyInAnyOrderElementsOf(fields(RunSpec.class));
    }

    @Test
    void nestedPartsCutoverChecksItselfAreKeptWholeForItToCheck() {
        Map<String, JSONSchemaProps> fields = AppCrd.spec().getProperties();

        for (String nested : Set.of("healthCheck", "readinessCheck", "strategy", "hooks", "resources", "kubernetes", "https")) {
            assertThat(fields.get(nested).getType()).as(nested).isEqualTo("object");
            assertThat(fields.get(nested).getXKubernetesPreserveUnknownFields()).as(nested).isTrue();
        }
        assertThat(fields.get("instances").getType()).isEqualTo("integer");
        assertThat(fields.get("backoffFactor").getType()).isEqualTo("number");
    }

    @Test
    void kubectlShowsPhaseRevisionReadyAndTheLatestDeployment() {
        CustomResourceDefinition crd = AppCrd.load();
        CustomResourceDefinitionVersion v1 = crd.getSpec().getVersions().getFirst();

        assertThat(crd.getMetadata().getName()).isEqualTo("apps.cutover.io");
        assertThat(crd.getSpec().getGroup()).isEqualTo(AppResources.APPS.getGroup());
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(AppResources.APPS.getPlural());
        assertThat(v1.getName()).isEqualTo(AppResources.APPS.getVersion());
        assertThat(v1.getSubresources().getStatus()).isNotNull();
        assertThat(v1.getAdditionalPrinterColumns()).extracting(c -> c.getName() + "=" + c.getJsonPath())
                .contains("Phase=.status.phase", "Revision=.status.revision", "Ready=.status.ready", "Deployment=.status.deployment");
        assertThat(v1.getSchema().getOpenAPIV3Schema().getProperties().get("status").getProperties().keySet())
                .contains("phase", "revision", "ready", "deployment", "lastFailure", "conditions", "observedGeneration");
    }
}
