package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.router.RouterClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of route-changing commands: wait until every router applied the change (the default),
 * and optionally prove it with a request through each router.
 */
final class RouteWaitOptions {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--no-wait", description = "Returns once the change is stored, without waiting for the routers.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
            description = "How long to wait for every router to apply the change (exit 1 after, naming the routers that lag). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--verify", description = "After the wait, sends a request through every live router and checks the answer.")
    boolean verify;

    /** The query string that asks the API to wait. */
    String query() {
        return noWait ? "" : "?wait=true&timeout=" + timeout.toMillis() + "ms";
    }

    /** What a probe through a router must see. */
    enum Expect {
        /** An instance answers (not the router itself). */
        APP,
        /** The router answers 404: no route. */
        NO_ROUTE,
        /** The router answers with the route's maintenance response. */
        MAINTENANCE
    }

    /**
     * Sends {@code GET /} for {@code host} through every live router and checks the answer against
     * {@code expect}.
     *
     * @return one problem line per router that answered otherwise
     */
    List<String> probe(ApiClient api, String host, Expect expect, PrintWriter out) {
        List<String> problems = new ArrayList<>();
        for (JsonNode router : api.get("/v1/routers")) {
            if (!router.path("live").asBoolean()) {
                continue;
            }
            String id = router.path("id").asText();
            String address = router.path("address").asText();
            String hostOnly = host.contains("/") ? host.substring(0, host.indexOf('/')) : host;
            String path = host.contains("/") ? host.substring(host.indexOf('/')) : "/";
            try {
                RouterClient.Answer response = RouterClient.at(address, PROBE_TIMEOUT).get(hostOnly, path);
                String routerError = response.header("X-Cutover-Error").orElse(null);
                String maintenance = response.header("X-Cutover-Maintenance").orElse(null);
                boolean ok = switch (expect) {
                    case APP -> routerError == null && maintenance == null;
                    case NO_ROUTE -> response.status() == 404 && "no-route".equals(routerError);
                    case MAINTENANCE -> maintenance != null;
                };
                String seen = "HTTP " + response.status() + (maintenance != null ? " (maintenance)"
                        : routerError == null ? " from an instance" : " (" + routerError + ")");
                out.println("  router " + id + " (" + address + "): " + seen + (ok ? "" : " ✗"));
                if (!ok) {
                    problems.add("router " + id + " (" + address + "): " + seen);
                }
            } catch (Exception e) {
                problems.add("router " + id + " (" + address + "): " + CliFailure.reason(e));
            }
        }
        return problems;
    }
}
