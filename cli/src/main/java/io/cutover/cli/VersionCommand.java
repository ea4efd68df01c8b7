package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code cutover version}: this CLI's version, and the server's when it answers. */
@Command(name = "version", description = "Prints the CLI's version and, if it is reachable, the server's.")
final class VersionCommand extends ClientCommand {

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode health = null;
        String unreachable = null;
        try {
            health = api.get("/healthz");
        } catch (CliFailure failure) {
            unreachable = failure.exitCode() == CliFailure.UNREACHABLE
                    ? "not reachable at " + api.server()
                    : failure.getMessage();
        }
        if (json()) {
            ObjectNode versions = ApiClient.json().createObjectNode().put("client", Main.VERSION);
            versions.put("server", health == null ? null : health.path("version").asText(null));
            versions.put("serverUrl", api.server().toString());
            printJson(out, versions);
            return 0;
        }
        out.println("cutover " + Main.VERSION);
        if (health != null) {
            out.println("server " + health.path("version").asText("?") + " at " + api.server());
        } else {
            out.println("server: " + unreachable);
        }
        return 0;
    }
}
