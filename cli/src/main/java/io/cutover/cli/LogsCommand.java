package io.cutover.cli;

import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover logs NAME}: the last lines of an app's instance logs, and with {@code -f} the new ones as they come. */
@Command(name = "logs", sortOptions = false,
        description = "Prints the last lines of each instance's log (stdout and stderr), each prefixed with the instance id.")
final class LogsCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keeps printing new lines until interrupted.")
    boolean follow;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100",
            description = "How many of each instance's last lines to print first. Default: ${DEFAULT-VALUE}.")
    int tail;

    @Option(names = "--instance", paramLabel = "ID", description = "Only this instance.")
    @Nullable String instance;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        StringBuilder path = new StringBuilder("/v1/apps/").append(ApiClient.segment(name))
                .append("/logs?tail=").append(tail);
        if (instance != null) {
            path.append("&instance=").append(ApiClient.segment(instance));
        }
        if (follow) {
            path.append("&follow=true");
        }
        try (InputStream body = api.stream(path.toString(), Map.of("Accept", "text/plain")).body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println(line);
                if (follow) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new CliFailure(CliFailure.UNREACHABLE,
                    "lost the connection to the Cutover server at " + api.server() + " (" + CliFailure.reason(e) + ")",
                    List.of());
        }
        return 0;
    }
}
