package io.cutover.controller.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The App resource's definition as {@code deploy/kubernetes/crd-app.yaml} installs it. */
final class AppCrd {

    static final Path FILE = Path.of("..", "..", "deploy", "kubernetes", "crd-app.yaml");

    private AppCrd() {}

    static CustomResourceDefinition load() {
        try (InputStream in = Files.newInputStream(FILE)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of {@code .spec} of version v1. */
    static JSONSchemaProps spec() {
        return load().getSpec().getVersions().getFirst().getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }
}
