package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A manifest as {@code -f FILE} gives it: the bytes, sent to the server as they are, and the content type
 * they go with. The server judges the manifest; the CLI only reads the app's name from it.
 */
final class ManifestFile {

    private final String file;
    private final byte[] bytes;

    private ManifestFile(String file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** Reads {@code -f FILE}; {@code -} reads stdin. */
    static ManifestFile read(String file) {
        try {
            byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            return new ManifestFile(file, bytes);
        } catch (NoSuchFileException e) {
            throw CliFailure.failed("no such file: " + file);
        } catch (IOException e) {
            throw CliFailure.failed("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The manifest as read, to send as it is. */
    byte[] bytes() {
        return bytes;
    }

    /** {@code application/json} for a {@code .json} file (or stdin starting with a brace), YAML otherwise. */
    String contentType() {
        if (file.equals("-")) {
            String text = new String(bytes, StandardCharsets.UTF_8).stripLeading();
            return text.startsWith("{") ? "application/json" : "application/yaml";
        }
        return file.toLowerCase(Locale.ROOT).endsWith(".json") ? "application/json" : "application/yaml";
    }

    /**
     * The manifest with {@code strategy.type} set to {@code type} (as JSON); a canary that names no steps
     * gets Cloud Foundry's: one canary instance with its share of the traffic, then a pause. A manifest
     * that does not read as a mapping is left as it is, for the server to judge.
     */
    ManifestFile withStrategy(String type) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return this;
        }
        if (!(tree instanceof ObjectNode manifest) || (manifest.has("strategy") && !manifest.get("strategy").isObject())) {
            return this;
        }
        ObjectNode strategy = manifest.withObjectProperty("strategy");
        strategy.put("type", type);
        if (type.equals("canary") && !strategy.has("steps") && !strategy.has("stepWeights") && !strategy.has("instanceSteps")) {
            int instances = Math.max(1, manifest.path("instances").asInt(1));
            ArrayNode steps = strategy.putArray("steps");
            steps.addObject().putObject("setCanaryScale").put("instances", 1);
            steps.addObject().put("setWeight", Math.max(1, Math.round(100f / instances)));
            steps.addObject().putObject("pause");
        }
        try {
            return new ManifestFile(file + " (strategy " + type + ").json", ApiClient.json().writeValueAsBytes(manifest));
        } catch (IOException e) {
            return this;
        }
    }

    /** The manifest's {@code name}, if it reads as YAML or JSON and has one. */
    Optional<String> name() {
        try {
            JsonNode tree = new YAMLMapper().readTree(bytes);
            JsonNode name = tree == null ? null : tree.get("name");
            return name != null && name.isTextual() && !name.asText().isBlank()
                    ? Optional.of(name.asText())
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
