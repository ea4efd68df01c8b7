package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover revisions APP}: the revisions kept for rollback, with how their deployments went. */
@Command(name = "revisions", description = "Lists an app's revisions: number, hash, created, last deployed, the outcome of"
        + " its last deployment; * marks the one the app runs, ! a hash whose deployment failed (refused without --force).")
final class RevisionsCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode revisions = api.get("/v1/apps/" + ApiClient.segment(app) + "/revisions");
        if (json()) {
            printJson(out, revisions);
            return 0;
        }
        table(revisions).printTo(out);
        for (JsonNode r : revisions) {
            JsonNode failed = r.path("failed");
            if (failed.isObject()) {
                out.println("! revision " + r.path("number").asInt() + " (" + r.path("hash").asText() + ") failed at "
                        + Table.time(failed.path("at")) + ": " + failed.path("reason").asText().strip().lines().findFirst().orElse(""));
            }
        }
        return 0;
    }

    static Table table(JsonNode revisions) {
        Table table = Table.withColumns("REVISION", "HASH", "CREATED", "DEPLOYED", "OUTCOME").alignRight("REVISION");
        for (JsonNode r : revisions) {
            String number = r.path("number").asText() + (r.path("current").asBoolean() ? "*" : "")
                    + (r.path("failed").isObject() ? "!" : "");
            table.row(number, r.path("hash"), Table.time(r.path("createdAt")),
                    r.hasNonNull("deployedAt") ? Table.time(r.path("deployedAt")) : "-", r.path("outcome").asText("-"));
        }
        return table;
    }
}
