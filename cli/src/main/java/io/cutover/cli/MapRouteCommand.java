package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover map-route HOST APP}: sends a hostname's traffic to an app. */
@Command(name = "map-route",
        description = "Maps a hostname to an app; done once every router applied it. A host without a dot gets the default domain (api → api.localhost).")
final class MapRouteCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "HOST", description = "The hostname.")
    String host;

    @Parameters(index = "1", paramLabel = "APP", description = "The app.")
    String app;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode route = api.post("/v1/routes",
                ApiClient.json().createObjectNode().put("host", host).put("app", app)).json();
        if (json()) {
            printJson(out, route);
        } else {
            out.println("route " + route.path("host").asText(host) + " → " + route.path("app").asText(app)
                    + " (generation " + route.path("generation").asText("?") + ")");
        }
        return 0;
    }
}
