package io.cutover.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@code Deployment} of the API reads on the terminal: the one-line progress shown while following
 * it, its instances per revision, the detail of {@code cutover deployment ID}, and how it ended.
 */
public final class DeploymentView {

    static final String ACTIVE = "ACTIVE";
    static final String FINALIZED = "FINALIZED";
    static final String DEPLOYING = "DEPLOYING";
    public static final String DEPLOYED = "DEPLOYED";
    public static final String CANCELING = "CANCELING";
    public static final String CANCELED = "CANCELED";
    static final String PAUSED = "PAUSED";
    static final String SUPERSEDED = "SUPERSEDED";
    public static final String FAILED = "FAILED";

    private DeploymentView() {}

    /** Whether it ended ({@code FINALIZED}). */
    public static boolean finalized(JsonNode deployment) {
        return FINALIZED.equals(deployment.path("status").asText());
    }

    /** Whether it waits for a human: {@code ACTIVE}/{@code PAUSED} after a failure with {@code onFailure: pause}. */
    public static boolean paused(JsonNode deployment) {
        return ACTIVE.equals(deployment.path("status").asText()) && PAUSED.equals(deployment.path("reason").asText());
    }

    /** A canary at a pause that ends by itself (a {@code pause: {duration}} step): following goes on. */
    public static boolean pausedForAWhile(JsonNode deployment) {
        return paused(deployment) && deployment.path("canary").path("pauseEndsAt").isTextual();
    }

    /**
     * A canary waiting at a step for an operator (not failed, not held by one), or a blue-green deployment
     * whose green waits for promote: that is where an apply ends.
     */
    public static boolean canaryWaits(JsonNode deployment) {
        JsonNode canary = deployment.path("canary");
        boolean steered = canary.isObject() && !canary.path("held").asBoolean() || deployment.path("blueGreen").isObject();
        return paused(deployment) && steered && !pausedForAWhile(deployment) && text(deployment.path("failure")).isEmpty();
    }

    /**
     * What to run next at a canary's pause: {@code deployment 7 of hello PAUSED at step 3 of 4, canary at
     * 20% — 'cutover continue hello' takes the next step, ...}.
     */
    public static String canaryNext(JsonNode deployment) {
        String app = deployment.path("app").asText("?");
        JsonNode blueGreen = deployment.path("blueGreen");
        if (blueGreen.isObject()) {
            return "deployment " + deployment.path("id").asText("?") + " of " + app + " PAUSED: green (revision "
                    + blueGreen.path("green").asInt() + ") is ready on " + blueGreen.path("preview").asText("its preview host")
                    + " (or with X-Cutover-Preview: true) — 'cutover promote " + app + "' switches every router to it, 'cutover cancel "
                    + app + "' tears it down";
        }
        JsonNode canary = deployment.path("canary");
        return "deployment " + deployment.path("id").asText("?") + " of " + app + " PAUSED at step "
                + canary.path("step").asInt() + " of " + canary.path("steps").asInt() + ", canary revision "
                + deployment.path("toRevision").asInt() + " at " + canary.path("weight").asInt() + "% — 'cutover continue "
                + app + "' takes the next step, 'cutover promote " + app + " --full' skips the rest, 'cutover cancel "
                + app + "' rolls back";
    }

    /**
     * Where it stands, in one line:
     * {@code hello: deploying revision 2 (rolling) — step 2/4: new 2 ready / 4 running, old 2 left — ACTIVE/DEPLOYING}.
     */
    public static String progress(JsonNode deployment) {
        StringBuilder line = new StringBuilder(deployment.path("app").asText("?")).append(": ")
                .append(doing(deployment));
        String strategy = deployment.path("strategy").asText("");
        if (!strategy.isEmpty()) {
            line.append(" (").append(strategy).append(')');
        }
        String step = step(deployment);
        if (!step.isEmpty()) {
            line.append(" — ").append(step);
        }
        return line.append(" — ").append(state(deployment)).toString();
    }

    /** Instances per revision, in one line: {@code rev 1: 2 routable; rev 2: 2 routable, 2 starting}. */
    public static String instances(JsonNode deployment) {
        List<String> parts = new ArrayList<>();
        for (JsonNode revision : deployment.path("instances")) {
            int total = revision.path("total").asInt();
            int routable = revision.path("routable").asInt();
            int starting = revision.path("starting").asInt();
            int stopping = revision.path("stopping").asInt();
            if (total == 0 && routable == 0 && starting == 0 && stopping == 0) {
                continue;
            }
            StringBuilder part = new StringBuilder("rev ").append(revision.path("revision").asText("?"))
                    .append(revision.hasNonNull("colour") && !revision.path("colour").asText().isEmpty()
                            ? " (" + revision.path("colour").asText() + ")" : "")
                    .append(": ").append(routable).append(" routable");
            if (starting > 0) {
                part.append(", ").append(starting).append(" starting");
            }
            int notReady = total - routable - starting - stopping;
            if (notReady > 0) {
                part.append(", ").append(notReady).append(" not ready");
            }
            if (stopping > 0) {
                part.append(", ").append(stopping).append(" stopping");
            }
            parts.add(part.toString());
        }
        return parts.isEmpty() ? "no instances" : String.join("; ", parts);
    }

    /** {@code ACTIVE/DEPLOYING}, {@code FINALIZED/DEPLOYED}... */
    public static String state(JsonNode deployment) {
        return deployment.path("status").asText("?") + "/" + deployment.path("reason").asText("?");
    }

    /** The line that ends a successful follow: {@code deployment 7 DEPLOYED in 12.3s}. */
    public static String finished(JsonNode deployment, Duration watched) {
        return "deployment " + deployment.path("id").asText("?") + " " + deployment.path("reason").asText("?")
                + " in " + duration(took(deployment).orElse(watched));
    }

    /**
     * The failure to end a follow with, or empty when the deployment ended as {@code success} said
     * ({@code DEPLOYED} after an apply, {@code CANCELED} after a cancel). The deployment's message is the
     * reason; its {@code failure}, which may hold an instance's last log lines, goes under it.
     */
    public static Optional<CliFailure> failure(JsonNode deployment, String success) {
        String reason = deployment.path("reason").asText("?");
        if (finalized(deployment) && reason.equals(success)) {
            return Optional.empty();
        }
        String id = "deployment " + deployment.path("id").asText("?");
        String message = text(deployment.path("message"));
        String failure = text(deployment.path("failure"));
        // The message's first line is the reason; the rest of it, and the failure unless the message
        // already holds it, go under it (a failure may carry an instance's last log lines).
        List<String> details = new ArrayList<>(message.lines().skip(1).toList());
        if (!failure.isEmpty() && !message.contains(failure)) {
            failure.lines().forEach(details::add);
        }
        String firstLine = message.lines().findFirst().orElse("");
        String summary;
        if (paused(deployment)) {
            String app = deployment.path("app").asText("?");
            summary = id + " PAUSED" + (firstLine.isEmpty() ? "" : ": " + firstLine) + " — cancel it with 'cutover cancel "
                    + app + "', or apply a fixed manifest";
        } else if (SUPERSEDED.equals(reason)) {
            summary = id + " superseded by a newer deployment";
            if (!firstLine.isEmpty()) {
                details.add(0, firstLine);
            }
        } else if (!finalized(deployment)) {
            summary = id + " is still " + state(deployment) + (firstLine.isEmpty() ? "" : ": " + firstLine);
        } else {
            summary = id + " " + reason + (firstLine.isEmpty() ? "" : ": " + firstLine);
        }
        return Optional.of(new CliFailure(CliFailure.FAILED, summary, details));
    }

    /** The detail of {@code cutover deployment ID}: aligned {@code Field: value} lines, then instances per revision. */
    public static String describe(JsonNode deployment) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Deployment", deployment.path("id").asText(""));
        fields.put("App", deployment.path("app").asText(""));
        fields.put("Strategy", deployment.path("strategy").asText(""));
        fields.put("Revision", revisions(deployment));
        fields.put("Status", state(deployment));
        fields.put("Message", text(deployment.path("message")));
        if (!text(deployment.path("failure")).isEmpty()) {
            fields.put("Failure", text(deployment.path("failure")));
        }
        JsonNode bounds = deployment.path("bounds");
        if (bounds.isObject()) {
            fields.put("Bounds", bounds(bounds));
        }
        fields.put("Step", step(deployment).replaceFirst("^step ", ""));
        JsonNode canary = deployment.path("canary");
        JsonNode blueGreen = deployment.path("blueGreen");
        if (blueGreen.isObject()) {
            fields.put("Blue-green", "blue revision " + blueGreen.path("blue").asInt() + ", green revision "
                    + blueGreen.path("green").asInt() + ", " + blueGreen.path("serving").asText() + " serving"
                    + (blueGreen.hasNonNull("switchedAt") ? ", switched " + Table.time(blueGreen.path("switchedAt")) : ""));
            if (blueGreen.hasNonNull("handoff")) {
                fields.put("Hand-off", blueGreen.path("handoff").asText());
            }
            List<String> checks = new java.util.ArrayList<>();
            blueGreen.path("analysis").forEach(v -> checks.add(v.path("stage").asText() + ": " + v.path("verdict").asText() + " — "
                    + v.path("reason").asText()));
            if (!checks.isEmpty()) {
                fields.put("Checks", String.join("\n", checks));
            }
            canary = blueGreen; // its actions are shown as a canary's are
        }
        if (canary.path("analysis").size() > 0 && !blueGreen.isObject()) {
            List<String> verdicts = new java.util.ArrayList<>();
            canary.path("analysis").forEach(v -> verdicts.add(verdict(v)));
            fields.put("Analysis", String.join("\n", verdicts));
        }
        if (canary.path("actions").size() > 0) {
            List<String> actions = new java.util.ArrayList<>();
            canary.path("actions").forEach(a -> actions.add(a.asText()));
            fields.put("Next", String.join(", ", actions));
        }
        fields.put("Launch failures", deployment.path("launchFailures").asText(""));
        fields.put("Created", Table.time(deployment.path("createdAt")));
        fields.put("Updated", Table.time(deployment.path("updatedAt")));
        fields.put("Progress at", Table.time(deployment.path("progressAt")));
        fields.put("Finished", Table.time(deployment.path("finishedAt")));

        StringBuilder text = new StringBuilder(fields(fields));
        if (!showsInstances(deployment)) {
            return text.toString();
        }
        text.append('\n');
        boolean coloured = deployment.path("blueGreen").isObject();
        Table table = coloured ? Table.withColumns("REVISION", "COLOUR", "TOTAL", "ROUTABLE", "STARTING", "STOPPING")
                : Table.withColumns("REVISION", "TOTAL", "ROUTABLE", "STARTING", "STOPPING");
        table.alignRight("TOTAL", "ROUTABLE", "STARTING", "STOPPING");
        for (JsonNode revision : deployment.path("instances")) {
            if (coloured) {
                table.row(revision.path("revision"), revision.path("colour"), revision.path("total"), revision.path("routable"),
                        revision.path("starting"), revision.path("stopping"));
            } else {
                table.row(revision.path("revision"), revision.path("total"), revision.path("routable"),
                        revision.path("starting"), revision.path("stopping"));
            }
        }
        return text.append(table.isEmpty() ? "no instances\n" : table.render()).toString();
    }

    /** One analysis verdict: {@code analysis at step 3: PASS — error rate canary 0.00%, ...}. */
    public static String verdict(JsonNode v) {
        return (v.path("background").asBoolean() ? "background analysis" : "analysis") + " at step " + v.path("step").asInt()
                + ": " + v.path("verdict").asText() + " — " + v.path("reason").asText();
    }

    /**
     * Whether its instances per revision are worth showing: the API lists them while it is active; a
     * finalized deployment's empty list says nothing about the app.
     */
    public static boolean showsInstances(JsonNode deployment) {
        return !finalized(deployment) || !deployment.path("instances").isEmpty();
    }

    /** {@code minHealthy 4, maxCapacity 8}: the capacity a rolling deployment keeps between. */
    static String bounds(JsonNode bounds) {
        return "minHealthy " + bounds.path("minHealthy").asText("?") + ", maxCapacity "
                + bounds.path("maxCapacity").asText("?");
    }

    /** {@code 12.3s} under a minute, then {@code 2m05s}, then {@code 1h02m}. */
    public static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", duration.toMinutes(), duration.toSecondsPart());
        }
        return String.format(Locale.ROOT, "%dh%02dm", duration.toHours(), duration.toMinutesPart());
    }

    /** Aligned {@code Field: value} lines; the lines of a multi-line value are indented to the value column. */
    static String fields(Map<String, String> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 3;
        StringBuilder text = new StringBuilder();
        fields.forEach((field, value) -> {
            List<String> lines = value.isBlank() ? List.of("-") : value.strip().lines().toList();
            text.append(field).append(':').append(" ".repeat(width - field.length() - 1)).append(lines.get(0).strip());
            for (String line : lines.subList(1, lines.size())) {
                text.append('\n').append(" ".repeat(width)).append(line.stripTrailing());
            }
            text.append('\n');
        });
        return text.toString();
    }

    /** What it does or did: {@code deploying revision 2}, {@code rolling back to revision 1}... */
    private static String doing(JsonNode deployment) {
        int from = deployment.path("fromRevision").asInt();
        int to = deployment.path("toRevision").asInt();
        return switch (deployment.path("reason").asText("")) {
            case DEPLOYING -> "deploying revision " + to;
            case PAUSED -> "paused deploying revision " + to;
            case CANCELING -> from > 0 ? "rolling back to revision " + from : "rolling back: stopping revision " + to;
            case DEPLOYED -> "deployed revision " + to;
            case CANCELED -> from > 0 ? "rolled back to revision " + from : "rolled back: stopped revision " + to;
            case SUPERSEDED -> "superseded while deploying revision " + to;
            case FAILED -> "failed to deploy revision " + to;
            default -> revisions(deployment);
        };
    }

    /** {@code 1 → 2}, or {@code → 1 (new app)} when nothing ran before. */
    private static String revisions(JsonNode deployment) {
        int from = deployment.path("fromRevision").asInt();
        String to = deployment.path("toRevision").asText("?");
        return from > 0 ? from + " → " + to : "→ " + to + " (new app)";
    }

    /**
     * {@code step 2/4: new 2 ready / 4 running, old 2 left}; empty when the API gave no steps. While it
     * rolls back (and once it rolled back) the revision it moves to is the one it left:
     * {@code back 2 ready / 4 running, new 2 left}.
     */
    public static String step(JsonNode deployment) {
        if (!deployment.hasNonNull("step") && !deployment.path("progress").isObject()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        JsonNode canary = deployment.path("canary");
        JsonNode blueGreen = deployment.path("blueGreen");
        if (blueGreen.isObject()) {
            text.append(blueGreen.path("phase").asText()).append(", ").append(blueGreen.path("serving").asText()).append(" serving");
        } else if (canary.isObject()) {
            text.append(canary.path("promoting").asBoolean() ? "promoting" : "step " + canary.path("step").asInt() + "/"
                    + canary.path("steps").asInt()).append(", canary ").append(canary.path("weight").asInt()).append('%');
        } else if (deployment.hasNonNull("step")) {
            text.append("step ").append(deployment.path("step").asText()).append('/')
                    .append(deployment.path("steps").asText("?"));
        }
        JsonNode progress = deployment.path("progress");
        if (progress.isObject()) {
            boolean back = switch (deployment.path("reason").asText("")) {
                case CANCELING, CANCELED, FAILED -> true;
                default -> false;
            };
            text.append(text.isEmpty() ? "" : ": ")
                    .append(back ? "back " : "new ").append(progress.path("newRoutable").asInt()).append(" ready / ")
                    .append(progress.path("newLive").asInt()).append(" running, ").append(back ? "new " : "old ")
                    .append(progress.path("oldRemaining").asInt()).append(" left");
        }
        return text.toString();
    }

    /** How long it took by the server's clock, if it ended and both times are there. */
    private static Optional<Duration> took(JsonNode deployment) {
        @Nullable Instant created = instant(deployment.path("createdAt"));
        @Nullable Instant finished = instant(deployment.path("finishedAt"));
        if (created == null || finished == null || finished.isBefore(created)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(created, finished));
    }

    private static @Nullable Instant instant(JsonNode value) {
        try {
            return value.isTextual() ? Instant.parse(value.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText().strip() : "";
    }
}
