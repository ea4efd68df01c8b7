package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code cutover apps}: every app with its revision, instance counts, status and routes. */
@Command(name = "apps", description = "Lists the apps.")
final class AppsCommand extends ClientCommand {

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode apps = api.get("/v1/apps");
        if (json()) {
            printJson(out, apps);
        } else if (apps.isEmpty()) {
            out.println("no apps yet — create one with 'cutover apply -f app.yaml'");
        } else {
            table(apps).printTo(out);
        }
        return 0;
    }

    static Table table(JsonNode apps) {
        Table table = Table.withColumns("NAME", "REVISION", "INSTANCES", "STATUS", "ROUTES");
        for (JsonNode app : apps) {
            JsonNode counts = app.path("instances");
            table.row(app.path("name"), app.path("revision"),
                    counts.path("routable").asInt() + "/" + counts.path("desired").asInt(),
                    app.path("status"), joined(app.path("routes")));
        }
        return table;
    }

    /** A JSON array of strings as {@code a,b,c}. */
    static String joined(JsonNode values) {
        StringBuilder text = new StringBuilder();
        for (JsonNode value : values) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(value.asText());
        }
        return text.toString();
    }
}
