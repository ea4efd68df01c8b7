package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cutover unmap-route HOST}: removes a hostname's route. */
@Command(name = "unmap-route", description = "Removes the route of a hostname; done once every router applied it.")
final class UnmapRouteCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "HOST", description = "The hostname.")
    String host;

    @Mixin
    RouteWaitOptions routing;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode route = api.delete("/v1/routes/" + ApiClient.segment(host) + routing.query()).json();
        if (json()) {
            printJson(out, route);
        } else {
            out.println("route " + route.path("host").asText(host) + " removed (generation "
                    + route.path("generation").asText("?") + (routing.noWait ? ", not waited for" : ", applied by every router") + ")");
        }
        if (routing.verify) {
            List<String> problems = routing.probe(api, route.path("host").asText(host), RouteWaitOptions.Expect.NO_ROUTE, out);
            out.flush();
            if (!problems.isEmpty()) {
                throw new CliFailure(CliFailure.FAILED, "the route still answers through some router", problems);
            }
        }
        return 0;
    }
}
