package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover delete NAME}: removes an app; its instances are drained and stopped. */
@Command(name = "delete", description = "Deletes an app: its routes are removed, its instances drained and stopped.")
final class DeleteCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
    String name;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode app = api.delete("/v1/apps/" + ApiClient.segment(name)).json();
        if (json()) {
            printJson(out, app);
        } else {
            out.println("app " + name + " deleted (its instances are draining and stopping)");
        }
        return 0;
    }
}
