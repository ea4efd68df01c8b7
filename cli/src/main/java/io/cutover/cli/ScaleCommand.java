package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover scale NAME N}: sets an app's desired instance count. */
@Command(name = "scale", description = "Sets how many instances an app runs.")
final class ScaleCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
    String name;

    @Parameters(index = "1", paramLabel = "N", description = "The number of instances.")
    int instances;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode app = api.post("/v1/apps/" + ApiClient.segment(name) + "/scale",
                ApiClient.json().createObjectNode().put("instances", instances)).json();
        if (json()) {
            printJson(out, app);
        } else {
            JsonNode counts = app.path("instances");
            int desired = counts.path("desired").asInt(instances);
            out.println("app " + name + " scaled to " + desired + (desired == 1 ? " instance (" : " instances (")
                    + counts.path("routable").asInt() + " routable now)");
        }
        return 0;
    }
}
