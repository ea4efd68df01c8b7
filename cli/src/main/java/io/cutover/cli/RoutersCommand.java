package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code cutover routers}: every router the controller knows, with its generation, lag and heartbeat. */
@Command(name = "routers", description = "Lists the routers: live or not, the generation each applied, how far behind, last heartbeat, requests in flight.")
final class RoutersCommand extends ClientCommand {

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode routers = api.get("/v1/routers");
        if (json()) {
            printJson(out, routers);
            return 0;
        }
        if (routers.isEmpty()) {
            out.println("no routers");
            return 0;
        }
        table(routers, Instant.now()).printTo(out);
        return 0;
    }

    static Table table(JsonNode routers, Instant now) {
        Table table = Table.withColumns("ID", "ADDRESS", "KIND", "STATE", "GENERATION", "LAG", "HEARTBEAT", "IN-FLIGHT", "ERROR")
                .alignRight("GENERATION", "LAG", "IN-FLIGHT");
        for (JsonNode r : routers) {
            String heartbeat = r.path("lastHeartbeat").asText("");
            String ago = heartbeat.isEmpty() ? "" : Duration.between(Instant.parse(heartbeat), now).toMillis() + " ms ago";
            table.row(r.path("id"), r.path("address"), r.path("embedded").asBoolean() ? "embedded" : "remote",
                    r.path("live").asBoolean() ? "live" : "not counted", r.path("generation"), r.path("lag"), ago,
                    r.path("inFlight"), r.path("error"));
        }
        return table;
    }
}
