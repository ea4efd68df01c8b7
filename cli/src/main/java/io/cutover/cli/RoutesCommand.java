package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code cutover routes}: every hostname the router serves and the app behind it. */
@Command(name = "routes", description = "Lists the routes: hostname, app, where the route came from, and its maintenance.")
final class RoutesCommand extends ClientCommand {

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode routes = api.get("/v1/routes");
        if (json()) {
            printJson(out, routes);
        } else if (routes.isEmpty()) {
            out.println("no routes");
        } else {
            table(routes).printTo(out);
        }
        return 0;
    }

    static Table table(JsonNode routes) {
        Table table = Table.withColumns("HOST", "APP", "SOURCE", "MAINTENANCE");
        for (JsonNode route : routes) {
            JsonNode m = route.path("maintenance");
            table.row(route.path("host"), route.path("app"), route.path("source"), m.isObject()
                    ? m.path("status").asInt() + (m.hasNonNull("retryAfter") ? ", Retry-After " + m.path("retryAfter").asInt() : "")
                            + (m.hasNonNull("bypassHeader") ? ", bypass " + m.path("bypassHeader").asText() : "")
                    : "-");
        }
        return table;
    }
}
