package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.Table;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cutover instances NAME}: an app's instances, one line each. */
@Command(name = "instances", description = "Lists an app's instances.")
final class InstancesCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
    String name;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        JsonNode instances = api.get("/v1/apps/" + ApiClient.segment(name) + "/instances");
        if (json()) {
            printJson(out, instances);
        } else if (instances.isEmpty()) {
            out.println("app " + name + " has no instances");
        } else {
            table(instances, Instant.now()).printTo(out);
        }
        return 0;
    }

    static Table table(JsonNode instances, Instant now) {
        Table table = Table.withColumns("ID", "REVISION", "STATE", "HEALTH", "READY", "PORT", "PID", "IN-FLIGHT", "STARTED")
                .alignRight("IN-FLIGHT");
        for (JsonNode instance : instances) {
            JsonNode ready = instance.path("ready");
            table.row(instance.path("id"), instance.path("revision"), instance.path("state"), instance.path("health"),
                    ready.isBoolean() ? (ready.asBoolean() ? "yes" : "no") : null,
                    instance.path("port"), instance.path("pid"), instance.path("inFlight"),
                    ago(instance.path("startedAt").asText(""), now));
        }
        return table;
    }

    /** {@code 42s ago}, {@code 3m12s ago}, {@code 2h5m ago}, {@code 4d3h ago}; the text itself if it is not a time. */
    static String ago(String isoTime, Instant now) {
        if (isoTime.isBlank()) {
            return "";
        }
        Instant then;
        try {
            then = Instant.parse(isoTime);
        } catch (DateTimeParseException e) {
            return isoTime;
        }
        Duration age = Duration.between(then, now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        long seconds = age.toSeconds();
        String text;
        if (seconds < 60) {
            text = seconds + "s";
        } else if (seconds < 3600) {
            text = age.toMinutesPart() + "m" + (age.toSecondsPart() == 0 ? "" : age.toSecondsPart() + "s");
        } else if (seconds < 86400) {
            text = age.toHoursPart() + "h" + (age.toMinutesPart() == 0 ? "" : age.toMinutesPart() + "m");
        } else {
            text = age.toDaysPart() + "d" + (age.toHoursPart() == 0 ? "" : age.toHoursPart() + "h");
        }
        return text + " ago";
    }
}
