package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code cutover map-route HOST APP}: sends a hostname's traffic to an app. {@code APP HOST}, the order of
 * {@code cf map-route}, is taken too when only the first names an app.
 */
@Command(name = "map-route",
        description = "Maps a hostname to an app; done once every router applied it. A host without a dot gets the default "
                + "domain (api → api.localhost). APP HOST, the order of cf map-route, is taken too when the second is no app and the first is one.")
final class MapRouteCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "HOST", description = "The hostname.")
    String host;

    @Parameters(index = "1", paramLabel = "APP", description = "The app.")
    String app;

    @Mixin
    RouteWaitOptions routing;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode route;
        try {
            route = map(api);
        } catch (CliFailure refused) {
            if (!typedAppFirst(api)) {
                throw refused;
            }
            out.println("(taken as APP HOST, the order of cf map-route: cutover map-route " + app + " " + host + ")");
            String first = host;
            host = app;
            app = first;
            route = map(api);
        }
        if (json()) {
            printJson(out, route);
        } else {
            out.println("route " + route.path("host").asText(host) + " → " + route.path("app").asText(app)
                    + " (generation " + route.path("generation").asText("?")
                    + (routing.noWait ? ", not waited for" : ", applied by every router") + ")");
        }
        if (routing.verify) {
            List<String> problems = routing.probe(api, route.path("host").asText(host), RouteWaitOptions.Expect.APP, out);
            out.flush();
            if (!problems.isEmpty()) {
                throw new CliFailure(CliFailure.FAILED, "the route does not reach app " + app + " through every router", problems);
            }
        }
        return 0;
    }

    private JsonNode map(ApiClient api) {
        return api.post("/v1/routes" + routing.query(), ApiClient.json().createObjectNode().put("host", host).put("app", app)).json();
    }

    /**
     * {@code APP HOST} typed as {@code cf map-route} takes them: the second is no app and the first is one.
     * Asked only once the server refused the change (for whatever reason), so the usual order costs nothing more.
     */
    private boolean typedAppFirst(ApiClient api) {
        return api.find("/v1/apps/" + ApiClient.segment(app)).isEmpty() && api.find("/v1/apps/" + ApiClient.segment(host)).isPresent();
    }
}
