package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.DeploymentView;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover app NAME}: one app in detail, then its instances. */
@Command(name = "app", description = "Shows an app: its spec in short, status, counts, routes, its active deployment (with what to run next at a canary's pause) and instances.")
final class AppCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
    String name;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        String path = "/v1/apps/" + ApiClient.segment(name);
        JsonNode app = api.get(path);
        JsonNode instances = api.get(path + "/instances");
        JsonNode active = api.get("/v1/deployments?app=" + ApiClient.segment(name) + "&active=true");
        JsonNode deployment = active.isEmpty() ? null : active.get(0);
        if (json()) {
            ObjectNode both = ApiClient.json().createObjectNode();
            both.set("app", app);
            both.set("instances", instances);
            both.set("deployment", deployment);
            printJson(out, both);
            return 0;
        }
        out.print(describe(app));
        if (deployment != null) {
            deployment(deployment).forEach(out::println);
        }
        out.println();
        if (instances.isEmpty()) {
            out.println("no instances");
        } else {
            InstancesCommand.table(instances, Instant.now()).printTo(out);
        }
        return 0;
    }

    /**
     * The lines on the app's active deployment: where it stands, its instances, a canary's latest
     * analysis verdict and, at a pause, what to run next.
     */
    static java.util.List<String> deployment(JsonNode deployment) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("Deployment:       " + DeploymentView.progress(deployment));
        lines.add("                  " + DeploymentView.instances(deployment));
        JsonNode verdicts = deployment.path("canary").path("analysis");
        if (!verdicts.isEmpty()) {
            lines.add("Analysis:         " + DeploymentView.verdict(verdicts.get(verdicts.size() - 1))
                    + (verdicts.size() > 1 ? " (latest of " + verdicts.size() + "; 'cutover deployment "
                            + deployment.path("id").asText() + "' lists them all)" : ""));
        }
        if (DeploymentView.canaryWaits(deployment)) {
            lines.add("Next:             " + DeploymentView.canaryNext(deployment));
        }
        return lines;
    }

    /** The app's fields as aligned {@code Name: value} lines. */
    static String describe(JsonNode app) {
        JsonNode spec = app.path("spec");
        JsonNode counts = app.path("instances");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Name", app.path("name").asText(""));
        fields.put("Status", app.path("status").asText(""));
        fields.put("Revision", app.path("revision").asText("")
                + (app.hasNonNull("revisionHash") ? " (" + app.path("revisionHash").asText("") + ")" : ""));
        fields.put("Instances", counts.path("routable").asInt() + "/" + counts.path("desired").asInt() + " routable ("
                + counts.path("running").asInt() + " running, " + counts.path("healthy").asInt() + " healthy)");
        fields.put("Routes", AppsCommand.joined(app.path("routes")));
        fields.put("Command", spec.path("run").path("command").asText(""));
        fields.put("Strategy", spec.path("strategy").path("type").asText(""));
        fields.put("Health check", check(spec.path("healthCheck")));
        fields.put("Readiness check", check(spec.path("readinessCheck")));
        fields.put("Created", Table.time(app.path("createdAt")));
        fields.put("Updated", Table.time(app.path("updatedAt")));

        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        fields.forEach((field, value) -> text.append(field).append(':')
                .append(" ".repeat(width - field.length() + 1))
                .append(value.isBlank() ? "-" : value).append('\n'));
        return text.toString();
    }

    private static String check(JsonNode check) {
        if (check.isMissingNode() || check.isNull()) {
            return "";
        }
        String protocol = check.path("protocol").asText("HTTP");
        String target = check.hasNonNull("path") ? check.path("path").asText("") : check.path("command").asText("");
        String every = check.hasNonNull("intervalSeconds") ? " every " + check.path("intervalSeconds").asText("") + "s" : "";
        return protocol + " " + target + every;
    }
}
