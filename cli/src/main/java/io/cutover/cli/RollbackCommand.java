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
 * {@code cutover rollback APP [--to N]}: back to an earlier revision — a route switch inside a blue-green
 * window, else a deployment of that revision with the app's strategy, followed like {@code apply}.
 */
@Command(name = "rollback", sortOptions = false, description = "Rolls an app back to an earlier revision (default: the one"
        + " deployed before the current): at once by route switch while a blue-green deployment keeps it warm, else"
        + " by deploying it with the app's strategy, followed until it ends.")
final class RollbackCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    @Option(names = "--to", paramLabel = "N", description = "The revision to go back to (see 'cutover revisions').")
    Integer to;

    @Option(names = "--force", description = "Goes back even to a revision whose last deployment failed.")
    boolean force;

    @Option(names = "--detach", description = "Returns once the rollback started, without following it.")
    boolean detach;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long to follow before failing (exit code 1). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        ObjectNode body = ApiClient.json().createObjectNode();
        if (to != null) {
            body.put("to", to);
        }
        JsonNode done = api.post("/v1/apps/" + ApiClient.segment(app) + "/rollback" + (force ? "?force=true" : ""), body).json();
        JsonNode deployment = done.path("deployment");
        PrintWriter progress = progress();
        progress.println(startedLine(app, done));
        progress.flush();
        if (!deployment.isIntegralNumber() || detach) {
            if (json()) {
                printJson(out, done);
            }
            return 0;
        }
        String success = done.path("instant").asBoolean() ? DeploymentView.CANCELED : DeploymentView.DEPLOYED;
        return new DeploymentWatch(api, progress).follow(deployment.asLong(), timeout, success, out, json());
    }

    /** What the API's answer to a rollback says happened. */
    static String startedLine(String app, JsonNode done) {
        if (done.path("instant").asBoolean()) {
            return "app " + app + " switched back to revision " + done.path("from").asInt()
                    + " (still warm): every router sends everything to it; deployment " + done.path("deployment").asText() + " cancels";
        }
        return "app " + app + " rolling back: revision " + done.path("app").path("revision").asInt()
                + " runs what revision " + done.path("from").asInt() + " ran";
    }
}
