package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.DeploymentView;
import io.cutover.client.DeploymentWatch;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cutover status APP [--watch]}: an app's state in one line; with {@code --watch}, its active deployment
 * followed to its end, as {@code kubectl argo rollouts status NAME --watch} does.
 */
@Command(name = "status", sortOptions = false,
        description = "Shows an app's state in one line: status, revision, routable instances of those desired, its active "
                + "deployment. With --watch, follows the active deployment until it ends or waits at a pause (as kubectl "
                + "argo rollouts status --watch): exit code 0 if it deploys or pauses for someone.")
final class StatusCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String name;

    @Option(names = {"-w", "--watch"}, description = "Follows the active deployment, if any, as deployment --follow does.")
    boolean watch;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long --watch follows before failing (exit code 1). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode app = api.get("/v1/apps/" + ApiClient.segment(name));
        JsonNode active = api.get("/v1/deployments?app=" + ApiClient.segment(name) + "&active=true");
        JsonNode deployment = active.isEmpty() ? null : active.get(0);
        if (watch && deployment != null) {
            return new DeploymentWatch(api, progress()).follow(deployment.get("id").asLong(), timeout,
                    DeploymentCommand.success(deployment), out, json());
        }
        if (json()) {
            ObjectNode status = ApiClient.json().createObjectNode();
            status.put("app", name).put("status", app.path("status").asText()).put("revision", app.path("revision").asInt());
            status.set("instances", app.path("instances"));
            status.set("deployment", deployment);
            printJson(out, status);
        } else {
            out.println(line(app, deployment));
        }
        return 0;
    }

    /** {@code hello: RUNNING, revision 3, 2/2 routable}, then the active deployment's progress, if there is one. */
    static String line(JsonNode app, JsonNode deployment) {
        String line = app.path("name").asText() + ": " + app.path("status").asText() + ", revision " + app.path("revision").asInt()
                + ", " + app.at("/instances/routable").asInt() + "/" + app.at("/instances/desired").asInt() + " routable";
        if (deployment == null) {
            return line;
        }
        String progress = DeploymentView.progress(deployment);
        String prefix = app.path("name").asText() + ": ";
        return line + "; deployment " + deployment.path("id").asLong() + ": "
                + (progress.startsWith(prefix) ? progress.substring(prefix.length()) : progress);
    }
}
