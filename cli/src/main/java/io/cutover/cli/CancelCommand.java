package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.client.DeploymentView;
import io.cutover.client.DeploymentWatch;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover cancel APP}: cancels an app's active deployment and follows the rollback. */
@Command(name = "cancel", sortOptions = false,
        description = "Cancels an app's active deployment: it rolls back to the previous revision, drained,"
                + " and this follows the rollback until it ends (--detach returns at once).")
final class CancelCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    @Option(names = "--detach", description = "Returns once the cancel is accepted, without following the rollback.")
    boolean detach;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10m",
            description = "How long to follow the rollback before failing (exit code 1). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        String name = ApiClient.segment(app);
        JsonNode active = api.get("/v1/deployments?app=" + name + "&active=true");
        if (active.isEmpty()) {
            api.get("/v1/apps/" + name); // an unknown app is said as every command says it
            throw CliFailure.failed("app \"" + app + "\" has no active deployment");
        }
        long id = active.get(0).path("id").asLong();
        JsonNode canceling = api.post("/v1/deployments/" + id + "/cancel", ApiClient.json().createObjectNode()).json();
        if (detach) {
            if (json()) {
                printJson(out, canceling);
            } else {
                out.println(canceled(canceling) + ": 'cutover deployment " + id + " --follow' to follow it");
            }
            return 0;
        }
        PrintWriter progress = progress();
        progress.println(canceled(canceling));
        progress.flush();
        return new DeploymentWatch(api, progress).follow(id, timeout, success(canceling), out, json());
    }

    /**
     * How the rollback ends when it succeeds: {@code CANCELED}; or {@code FAILED} for a deployment that had
     * already failed (paused with {@code onFailure: pause}): the server keeps that verdict once it rolled back.
     */
    static String success(JsonNode canceling) {
        JsonNode failure = canceling.path("failure");
        return failure.isTextual() && !failure.asText().isBlank() ? DeploymentView.FAILED : DeploymentView.CANCELED;
    }

    /** {@code deployment 7 of hello canceling, back to revision 1}. */
    static String canceled(JsonNode deployment) {
        int from = deployment.path("fromRevision").asInt();
        return "deployment " + deployment.path("id").asText("?") + " of " + deployment.path("app").asText("?")
                + " canceling" + (from > 0 ? ", back to revision " + from : "");
    }
}
