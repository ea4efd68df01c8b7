package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover deployments [APP] [--active]}: deployments, newest first. */
@Command(name = "deployments", description = "Lists deployments, newest first: of every app, or of one.")
final class DeploymentsCommand extends ClientCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "Only this app's deployments.")
    @Nullable String app;

    @Option(names = "--active", description = "Only deployments still in progress (ACTIVE).")
    boolean active;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        StringBuilder path = new StringBuilder("/v1/deployments");
        if (app != null) {
            path.append("?app=").append(ApiClient.segment(app));
        }
        if (active) {
            path.append(app == null ? '?' : '&').append("active=true");
        }
        JsonNode deployments = api.get(path.toString());
        if (json()) {
            printJson(out, deployments);
        } else if (deployments.isEmpty()) {
            out.println(none());
        } else {
            table(deployments, Instant.now()).printTo(out);
        }
        return 0;
    }

    /** {@code ID APP STRATEGY FROM TO STATUS REASON STEP STARTED}, one row per deployment as the API ordered them. */
    static Table table(JsonNode deployments, Instant now) {
        Table table = Table.withColumns("ID", "APP", "STRATEGY", "FROM", "TO", "STATUS", "REASON", "STEP", "STARTED");
        for (JsonNode deployment : deployments) {
            int from = deployment.path("fromRevision").asInt();
            String step = deployment.hasNonNull("step")
                    ? deployment.path("step").asText() + "/" + deployment.path("steps").asText("?")
                    : "";
            table.row(deployment.path("id"), deployment.path("app"), deployment.path("strategy"),
                    from > 0 ? from : null, deployment.path("toRevision"), deployment.path("status"),
                    deployment.path("reason"), step,
                    InstancesCommand.ago(deployment.path("createdAt").asText(""), now));
        }
        return table;
    }

    private String none() {
        if (app == null) {
            return active ? "no active deployments" : "no deployments yet";
        }
        return "app " + app + (active ? " has no active deployment" : " has no deployments");
    }
}
