package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover apply -f FILE}: creates or updates an app from its manifest. */
@Command(name = "apply", sortOptions = false,
        description = "Creates or updates an app from a manifest (YAML or JSON); a changed run part starts a deployment.")
final class ApplyCommand extends ClientCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "The manifest; - reads stdin. Sent as-is: .json as JSON, anything else as YAML.")
    String file;

    @Option(names = "--wait", description = "Waits until every desired instance of the new spec takes traffic.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "120s",
            description = "How long --wait waits before failing (exit code 1). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        byte[] manifest = read();
        Optional<String> name = nameOf(manifest);
        Optional<JsonNode> before = name.flatMap(n -> api.find("/v1/apps/" + ApiClient.segment(n)));

        ApiClient.Answer answer = api.post("/v1/apps", manifest, contentType(manifest));
        JsonNode app = answer.json();
        String appName = app.path("name").asText(name.orElse("?"));
        if (json()) {
            if (!await) {
                printJson(out, app);
            }
        } else {
            out.println(outcome(answer.status(), before.orElse(null), app));
            out.flush();
        }
        if (await) {
            PrintWriter progress = progress();
            RolloutWatch.Progress done = new RolloutWatch(api).awaitRoutable(appName, timeout, state -> {
                progress.println(appName + ": " + state.describe());
                progress.flush();
            });
            if (json()) {
                printJson(out, api.get("/v1/apps/" + ApiClient.segment(appName)));
            } else {
                out.println("app " + appName + " ready: " + done.routableCurrent() + "/" + done.desired()
                        + " instances routable on revision " + done.revision());
            }
        }
        return 0;
    }

    /** The one-line result: created, updated (with or without a new revision), or unchanged. */
    static String outcome(int status, @Nullable JsonNode before, JsonNode after) {
        String name = after.path("name").asText("?");
        int revision = after.path("revision").asInt();
        if (status == 201 || before == null) {
            return "app " + name + " created (revision " + revision + ")";
        }
        if (before.path("revision").asInt() != revision) {
            return "app " + name + " updated (revision " + revision + ")";
        }
        if (!before.path("spec").equals(after.path("spec"))) {
            return "app " + name + " updated (still revision " + revision + ")";
        }
        return "app " + name + " unchanged";
    }

    private byte[] read() {
        try {
            if (file.equals("-")) {
                InputStream in = System.in;
                return in.readAllBytes();
            }
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliFailure.failed("no such file: " + file);
        } catch (IOException e) {
            throw CliFailure.failed("cannot read " + file + ": " + e.getMessage());
        }
    }

    private String contentType(byte[] manifest) {
        if (file.equals("-")) {
            String text = new String(manifest, StandardCharsets.UTF_8).stripLeading();
            return text.startsWith("{") ? "application/json" : "application/yaml";
        }
        return file.toLowerCase(Locale.ROOT).endsWith(".json") ? "application/json" : "application/yaml";
    }

    /** The manifest's {@code name}, if it reads as YAML or JSON; the server judges the rest. */
    private static Optional<String> nameOf(byte[] manifest) {
        try {
            JsonNode tree = new YAMLMapper().readTree(manifest);
            JsonNode name = tree == null ? null : tree.get("name");
            return name != null && name.isTextual() && !name.asText().isBlank()
                    ? Optional.of(name.asText())
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
