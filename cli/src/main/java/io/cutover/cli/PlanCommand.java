package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover plan -f FILE}: the timeline a deployment of this manifest would follow, step by step,
 * like the T0..T7 picture of the DC/OS lab. Nothing changes on the server.
 */
@Command(name = "plan",
        description = "Shows the steps a deployment of this manifest would take (old and new instances serving,"
                + " starting and stopping at each), without changing anything.")
final class PlanCommand extends ClientCommand {

    /** Above this many instances the picture column would not fit a terminal; the numbers stay. */
    static final int MAX_PICTURE = 40;

    static final String OLD_SERVING = "●";
    static final String OLD_STOPPING = "○";
    static final String NEW_SERVING = "■";
    static final String NEW_STARTING = "□";
    static final String FREE = "·";

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "The manifest; - reads stdin. Sent as-is: .json as JSON, anything else as YAML.")
    String file;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        ManifestFile manifest = ManifestFile.read(file);
        String name = manifest.name().orElseThrow(() -> CliFailure.failed(
                "name: missing in " + file + " (expected: the app's name, to plan against what it runs now)"));
        JsonNode plan = api.post("/v1/apps/" + ApiClient.segment(name) + "/plan", manifest.bytes(),
                manifest.contentType()).json();
        if (json()) {
            printJson(out, plan);
        } else {
            out.print(timeline(plan));
        }
        return 0;
    }

    /**
     * The plan as text: what deploys to what within which bounds, one row per step with its counts and a
     * picture of the instances ({@code ●} old serving, {@code ○} old stopping, {@code ■} new serving,
     * {@code □} new starting, {@code ·} capacity left), and the least serving / most running over all steps.
     */
    static String timeline(JsonNode plan) {
        if (!plan.path("newRevision").asBoolean(true)) {
            return "no new revision: applying this changes no running instance\n";
        }
        JsonNode bounds = plan.path("bounds");
        int from = plan.path("fromRevision").asInt();
        int maxCapacity = bounds.path("maxCapacity").asInt();
        StringBuilder text = new StringBuilder()
                .append("plan for ").append(plan.path("app").asText("?")).append(": ")
                .append(plan.path("strategy").asText("?")).append(" from ")
                .append(from > 0 ? "revision " + from : "nothing running")
                .append(" (").append(count(plan.path("oldInstances").asInt())).append(") to a new revision (")
                .append(count(plan.path("instances").asInt())).append(")\n")
                .append("bounds: at least ").append(bounds.path("minHealthy").asText("?"))
                .append(" serving (minHealthy), at most ").append(bounds.path("maxCapacity").asText("?"))
                .append(" instances (maxCapacity)\n\n");

        JsonNode steps = plan.path("steps");
        int mostRunning = 0;
        for (JsonNode step : steps) {
            mostRunning = Math.max(mostRunning, total(step));
        }
        boolean picture = Math.max(maxCapacity, mostRunning) <= MAX_PICTURE;
        Table table = picture
                ? Table.withColumns("STEP", "OLD-SERVING", "OLD-STOPPING", "NEW-STARTING", "NEW-SERVING", "TOTAL",
                        "STOPS", "STARTS", "INSTANCES")
                : Table.withColumns("STEP", "OLD-SERVING", "OLD-STOPPING", "NEW-STARTING", "NEW-SERVING", "TOTAL",
                        "STOPS", "STARTS");
        table.alignRight("OLD-SERVING", "OLD-STOPPING", "NEW-STARTING", "NEW-SERVING", "TOTAL", "STOPS", "STARTS");
        int leastServing = Integer.MAX_VALUE;
        for (JsonNode step : steps) {
            leastServing = Math.min(leastServing, step.path("oldServing").asInt() + step.path("newServing").asInt());
            String total = total(step) + (maxCapacity > 0 ? "/" + maxCapacity : "");
            List<Object> cells = new ArrayList<>(List.of("T" + step.path("step").asText("?"), step.path("oldServing"),
                    step.path("oldStopping"), step.path("newStarting"), step.path("newServing"), total,
                    step.path("stops"), step.path("starts")));
            if (picture) {
                cells.add(picture(step, maxCapacity));
            }
            table.row(cells.toArray());
        }
        if (table.isEmpty()) {
            return text.append("recreate".equals(plan.path("strategy").asText())
                    ? "no steps: recreate stops every old instance, then starts the new ones (nothing serves in between)\n"
                    : "no steps\n").toString();
        }
        text.append(table.render()).append('\n');
        if (picture) {
            text.append(OLD_SERVING).append(" old serving  ").append(OLD_STOPPING).append(" old stopping  ")
                    .append(NEW_STARTING).append(" new starting  ").append(NEW_SERVING).append(" new serving  ")
                    .append(FREE).append(" capacity left\n");
        }
        int last = steps.size() - 1;
        return text.append(steps.size()).append(steps.size() == 1 ? " step (T0)" : " steps (T0..T" + last + ")")
                .append(": at least ").append(leastServing).append(" serving and at most ").append(mostRunning)
                .append(" instances at every step\n").toString();
    }

    /** One step's instances as a row of symbols: old serving, old stopping, new serving, new starting, free capacity. */
    static String picture(JsonNode step, int maxCapacity) {
        int total = total(step);
        return OLD_SERVING.repeat(step.path("oldServing").asInt())
                + OLD_STOPPING.repeat(step.path("oldStopping").asInt())
                + NEW_SERVING.repeat(step.path("newServing").asInt())
                + NEW_STARTING.repeat(step.path("newStarting").asInt())
                + FREE.repeat(Math.max(0, maxCapacity - total));
    }

    private static int total(JsonNode step) {
        return step.path("oldServing").asInt() + step.path("oldStopping").asInt() + step.path("newStarting").asInt()
                + step.path("newServing").asInt();
    }

    private static String count(int instances) {
        return instances + (instances == 1 ? " instance" : " instances");
    }
}
