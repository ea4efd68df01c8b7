package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;

/** {@code cutover controllers}: the controllers that share the store, which one leads and in which term. */
@Command(name = "controllers", description = "Lists the controllers of the store: which leads, in which term, when each was last seen.")
final class ControllersCommand extends ClientCommand {

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode answer = api.get("/v1/controllers");
        if (json()) {
            printJson(out, answer);
            return 0;
        }
        JsonNode leader = answer.path("leader");
        out.println(leader.isMissingNode() || leader.isNull()
                ? "no leader (term " + answer.path("term").asLong() + " ended)"
                : "term " + answer.path("term").asLong() + ", leader " + leader.path("controller").asText()
                        + " at " + leader.path("address").asText());
        table(answer.path("controllers"), Instant.now()).printTo(out);
        return 0;
    }

    static Table table(JsonNode controllers, Instant now) {
        Table table = Table.withColumns("ID", "ROLE", "ADDRESS", "VERSION", "STARTED", "LAST SEEN");
        for (JsonNode c : controllers) {
            String seen = c.path("lastSeen").asText("");
            String ago = seen.isEmpty() ? "" : Duration.between(Instant.parse(seen), now).toMillis() + " ms ago";
            table.row(c.path("id").asText() + (c.path("self").asBoolean() ? " (answered)" : ""), c.path("role"),
                    c.path("address"), c.path("version"), c.path("startedAt"), ago);
        }
        return table;
    }
}
