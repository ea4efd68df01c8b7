package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cutover maintenance on|off ROUTE}: the routers answer every request on a route themselves. */
@Command(name = "maintenance", description = "Puts a route in maintenance (the routers answer every path and method) or takes it out.",
        subcommands = {MaintenanceCommand.On.class, MaintenanceCommand.Off.class})
final class MaintenanceCommand {

    private MaintenanceCommand() {}

    /** {@code cutover maintenance on ROUTE [--status] [--message] [--retry-after] [--json] [--header] [--bypass-header]}. */
    @Command(name = "on", description = "Answers every request on ROUTE with the maintenance response; done once every router applied it.")
    static final class On extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ROUTE", description = "The route: a host, or host/path.")
        String route;

        @Option(names = "--status", paramLabel = "CODE", description = "The status of the answer, 200..599. Default: 503.")
        Integer status;

        @Option(names = "--message", paramLabel = "TEXT", description = "What the answer says. Default: \"APP is down for maintenance.\"")
        String message;

        @Option(names = "--retry-after", paramLabel = "SECONDS", description = "Sets Retry-After on the answer.")
        Integer retryAfter;

        @Option(names = "--json", paramLabel = "JSON", description = "The body for clients that accept JSON (a JSON document).")
        String json;

        @Option(names = "--header", paramLabel = "NAME=VALUE", description = "A header to add to the answer; repeatable.")
        List<String> headers = new ArrayList<>();

        @Option(names = "--bypass-header", paramLabel = "NAME=SECRET",
                description = "Requests with this header and secret reach the app as usual (for operators).")
        String bypass;

        @Mixin
        RouteWaitOptions routing;

        @Override
        int execute(ApiClient api, PrintWriter out) {
            JsonNode answer = api.put("/v1/routes/" + ApiClient.segment(route) + "/maintenance" + routing.query(), body()).json();
            if (json()) {
                printJson(out, answer);
            } else {
                JsonNode m = answer.path("maintenance");
                out.println("route " + answer.path("host").asText(route) + " in maintenance: " + m.path("status").asInt() + " \""
                        + m.path("message").asText() + "\"" + (m.hasNonNull("retryAfter") ? ", Retry-After " + m.path("retryAfter").asInt() : "")
                        + " (generation " + answer.path("generation").asText("?")
                        + (routing.noWait ? ", not waited for" : ", applied by every router") + ")");
            }
            if (routing.verify) {
                List<String> problems = routing.probe(api, answer.path("host").asText(route), RouteWaitOptions.Expect.MAINTENANCE, out);
                out.flush();
                if (!problems.isEmpty()) {
                    throw new CliFailure(CliFailure.FAILED, "the route is not in maintenance through every router", problems);
                }
            }
            return 0;
        }

        /** The request body, from the options; bad values are usage errors named by their option. */
        ObjectNode body() {
            ObjectNode body = ApiClient.json().createObjectNode();
            if (status != null) {
                body.put("status", status);
            }
            if (message != null) {
                body.put("message", message);
            }
            if (retryAfter != null) {
                body.put("retryAfter", retryAfter);
            }
            if (json != null) {
                try {
                    body.set("json", ApiClient.json().readTree(json));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new CliFailure(CliFailure.USAGE, "--json: not JSON: " + e.getOriginalMessage(), List.of());
                }
            }
            if (!headers.isEmpty()) {
                ObjectNode added = body.putObject("headers");
                for (String header : headers) {
                    String[] pair = pair("--header", header);
                    added.put(pair[0], pair[1]);
                }
            }
            if (bypass != null) {
                String[] pair = pair("--bypass-header", bypass);
                body.putObject("bypass").put("header", pair[0]).put("secret", pair[1]);
            }
            return body;
        }

        private static String[] pair(String option, String value) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new CliFailure(CliFailure.USAGE, option + ": \"" + value + "\" (expected: NAME=VALUE)", List.of());
            }
            return new String[] {value.substring(0, eq), value.substring(eq + 1)};
        }
    }

    /** {@code cutover maintenance off ROUTE}. */
    @Command(name = "off", description = "Serves the app on ROUTE again; done once every router applied it.")
    static final class Off extends ClientCommand {

        @Parameters(index = "0", paramLabel = "ROUTE", description = "The route: a host, or host/path.")
        String route;

        @Mixin
        RouteWaitOptions routing;

        @Override
        int execute(ApiClient api, PrintWriter out) {
            JsonNode answer = api.delete("/v1/routes/" + ApiClient.segment(route) + "/maintenance" + routing.query()).json();
            if (json()) {
                printJson(out, answer);
            } else {
                out.println("route " + answer.path("host").asText(route) + " serves " + answer.path("app").asText("its app")
                        + " again (generation " + answer.path("generation").asText("?")
                        + (routing.noWait ? ", not waited for" : ", applied by every router") + ")");
            }
            if (routing.verify) {
                List<String> problems = routing.probe(api, answer.path("host").asText(route), RouteWaitOptions.Expect.APP, out);
                out.flush();
                if (!problems.isEmpty()) {
                    throw new CliFailure(CliFailure.FAILED, "the route is still in maintenance through some router", problems);
                }
            }
            return 0;
        }
    }
}
