package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that steer an app's active deployment: {@code continue}, {@code promote}, {@code pause},
 * {@code resume}. Each finds the app's active deployment, asks the server, and prints where it stands.
 */
abstract class DeploymentControlCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    /** The path segment of the control, after {@code /v1/deployments/ID/}. */
    abstract String control();

    /** How the deployment stands after it, in a few words ({@code continued}). */
    abstract String done();

    @Override
    int execute(ApiClient api, PrintWriter out) {
        String name = ApiClient.segment(app);
        JsonNode active = api.get("/v1/deployments?app=" + name + "&active=true");
        if (active.isEmpty()) {
            api.get("/v1/apps/" + name); // an unknown app is said as every command says it
            throw CliFailure.failed("app \"" + app + "\" has no active deployment: nothing to " + control().replaceAll("\\?.*", ""));
        }
        long id = active.get(0).path("id").asLong();
        JsonNode deployment = api.post("/v1/deployments/" + id + "/" + control(), ApiClient.json().createObjectNode()).json();
        if (json()) {
            printJson(out, deployment);
        } else {
            out.println("deployment " + id + " of " + app + " " + done() + ": " + deployment.path("message").asText());
        }
        return 0;
    }

    @Command(name = "continue", description = "Takes a canary past the pause it waits at: it goes on with its next step.")
    static final class Continue extends DeploymentControlCommand {
        @Override
        String control() {
            return "continue";
        }

        @Override
        String done() {
            return "continued";
        }
    }

    @Command(name = "promote", sortOptions = false,
            description = "Promotes a canary: past the pause it waits at, or with --full past every step left"
                    + " (full size, all traffic, then the stable revision is drained and stopped). Promotes a blue-green"
                    + " deployment: switches every router to green, and returns once every router did.")
    static final class Promote extends DeploymentControlCommand {
        @Option(names = "--full", description = "Skip every step left, not only the current pause.")
        boolean full;

        @Override
        String control() {
            return full ? "promote?full=true" : "promote";
        }

        @Override
        String done() {
            return full ? "promoted" : "continued";
        }
    }

    @Command(name = "pause", description = "Holds an app's active deployment where it is until 'cutover resume'.")
    static final class Pause extends DeploymentControlCommand {
        @Override
        String control() {
            return "pause";
        }

        @Override
        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", description = "Lets a deployment held by 'cutover pause' go on.")
    static final class Resume extends DeploymentControlCommand {
        @Override
        String control() {
            return "resume";
        }

        @Override
        String done() {
            return "resumed";
        }
    }
}
