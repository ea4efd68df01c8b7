package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.client.DeploymentView;
import io.cutover.client.DeploymentWatch;
import io.cutover.client.RolloutWatch;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover apply -f FILE} (also {@code cutover deploy}): creates or updates an app from its
 * manifest and, when that started a deployment, follows it until it ends.
 */
@Command(name = "apply", aliases = "deploy", sortOptions = false,
        description = "Creates or updates an app from a manifest (YAML or JSON); a changed run part starts a deployment,"
                + " which it follows until it ends (--detach returns at once).")
final class ApplyCommand extends ClientCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "The manifest; - reads stdin. Sent as-is: .json as JSON, anything else as YAML.")
    String file;

    @Option(names = "--detach", description = "Returns once applied, without following the deployment it started.")
    boolean detach;

    @Option(names = "--wait", description = "Follows the deployment (the default); when nothing is deployed (a"
            + " change of instances, say), waits until every desired instance of the app takes traffic.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long to follow or wait before failing (exit code 1). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--force", description = "Deploys the run part even though its last deployment failed (which is refused otherwise).")
    boolean force;

    @Option(names = "--strategy", paramLabel = "TYPE",
            description = "Deploy with this strategy instead of the manifest's: rolling, canary, blueGreen or recreate. A canary"
                    + " without steps gets one canary instance with its share of traffic, then a pause; the command"
                    + " ends there and says what to run next.")
    @Nullable String strategy;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        if (detach && await) {
            throw new CliFailure(CliFailure.USAGE,
                    "--detach and --wait: only one of them (expected: --detach to return at once, --wait to follow)",
                    List.of());
        }
        ManifestFile manifest = strategy == null ? ManifestFile.read(file) : ManifestFile.read(file).withStrategy(strategy);
        Optional<String> name = manifest.name();
        Optional<JsonNode> before = name.flatMap(n -> api.find("/v1/apps/" + ApiClient.segment(n)));

        ApiClient.Answer answer = api.post("/v1/apps" + (force ? "?force=true" : ""), manifest.bytes(), manifest.contentType());
        JsonNode app = answer.json();
        String appName = app.path("name").asText(name.orElse("?"));
        String outcome = outcome(answer.status(), before.orElse(null), app);
        JsonNode deployment = app.path("deployment");

        if (deployment.isIntegralNumber() && !detach) {
            long id = deployment.asLong();
            PrintWriter progress = progress();
            progress.println(outcome);
            progress.println("deployment " + id + " started; following it (Ctrl-C stops following, not the deployment)");
            progress.flush();
            return new DeploymentWatch(api, progress).follow(id, timeout, DeploymentView.DEPLOYED, out, json());
        }
        if (json()) {
            if (!await) {
                printJson(out, app);
            }
        } else {
            out.println(outcome);
            if (deployment.isIntegralNumber()) {
                out.println(detached(deployment.asLong()));
            }
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

    /** What {@code --detach} says about the deployment it leaves running. */
    static String detached(long id) {
        return "deployment " + id + " started: 'cutover deployment " + id + " --follow' to follow it";
    }

    /**
     * The one-line result: created, updated (with or without a new revision), or unchanged. The API's
     * {@code created} and {@code revisionCreated} say it when present; otherwise the app before and
     * after are compared.
     */
    static String outcome(int status, @Nullable JsonNode before, JsonNode after) {
        String name = after.path("name").asText("?");
        int revision = after.path("revision").asInt();
        JsonNode created = after.path("created");
        if (created.isBoolean() ? created.asBoolean() : status == 201 || before == null) {
            return "app " + name + " created (revision " + revision + ")";
        }
        JsonNode revisionCreated = after.path("revisionCreated");
        if (revisionCreated.isBoolean() ? revisionCreated.asBoolean()
                : before != null && before.path("revision").asInt() != revision) {
            return "app " + name + " updated (revision " + revision + ")";
        }
        if (before == null || !before.path("spec").equals(after.path("spec"))) {
            return "app " + name + " updated (still revision " + revision + ")";
        }
        return "app " + name + " unchanged";
    }
}
