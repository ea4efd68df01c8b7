package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.DeploymentView;
import io.cutover.client.DeploymentWatch;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover deployment ID [--follow]}: one deployment in detail, or followed until it ends. */
@Command(name = "deployment", sortOptions = false,
        description = "Shows a deployment: revisions, status, message, failure, bounds, step, instances per revision.")
final class DeploymentCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The deployment's id.")
    long id;

    @Option(names = {"-f", "--follow"}, description = "Follows it until it ends, printing each change; exit code 0"
            + " if it deploys (or, when it was rolling back on request, if it ends CANCELED).")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long --follow follows before failing (exit code 1). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode deployment = api.get("/v1/deployments/" + id);
        if (follow) {
            return new DeploymentWatch(api, progress()).follow(id, timeout, success(deployment), out, json());
        }
        if (json()) {
            printJson(out, deployment);
        } else {
            out.print(DeploymentView.describe(deployment));
        }
        return 0;
    }

    /**
     * How a followed deployment should end: {@code CANCELED} when it was already rolling back because
     * someone cancelled it, {@code DEPLOYED} otherwise.
     */
    static String success(JsonNode deployment) {
        boolean cancelled = DeploymentView.CANCELING.equals(deployment.path("reason").asText())
                && !deployment.hasNonNull("failure");
        return cancelled ? DeploymentView.CANCELED : DeploymentView.DEPLOYED;
    }
}
