package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import io.cutover.client.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover events}: the event log, oldest first; with {@code --follow}, the live stream, resumed
 * after the last event seen whenever the connection breaks.
 */
@Command(name = "events", sortOptions = false,
        description = "Lists events, oldest first; --follow prints them as they happen.")
final class EventsCommand extends ClientCommand {

    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    @Option(names = {"-f", "--follow"}, description = "Streams events as they happen (Server-Sent Events), until interrupted.")
    boolean follow;

    @Option(names = "--app", paramLabel = "NAME", description = "Only this app's events.")
    @Nullable String app;

    @Option(names = "--after", paramLabel = "N", description = "Only events after event id N. Default: from the first.")
    @Nullable Long after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most this many events (without --follow). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Override
    int execute(ApiClient api, PrintWriter out) {
        return follow ? follow(api, out) : list(api, out);
    }

    private int list(ApiClient api, PrintWriter out) {
        StringBuilder path = new StringBuilder("/v1/events?limit=").append(limit);
        if (after != null) {
            path.append("&after=").append(after);
        }
        if (app != null) {
            path.append("&app=").append(ApiClient.segment(app));
        }
        JsonNode events = api.get(path.toString());
        if (json()) {
            printJson(out, events);
        } else if (events.isEmpty()) {
            out.println("no events");
        } else {
            Table table = Table.withColumns("ID", "TIME", "TYPE", "APP", "DATA");
            for (JsonNode event : events) {
                table.row(event.path("id"), Table.time(event.path("time")), event.path("type"), event.path("app"),
                        data(event.path("data")));
            }
            table.printTo(out);
        }
        return 0;
    }

    private int follow(ApiClient api, PrintWriter out) {
        PrintWriter err = spec.commandLine().getErr();
        String resumeAfter = after == null ? null : after.toString();
        boolean connectedOnce = false;
        Duration firstRetry = FIRST_RETRY;
        Duration retry = firstRetry;
        while (!Thread.currentThread().isInterrupted()) {
            Map<String, String> headers = new HashMap<>(Map.of("Accept", "text/event-stream"));
            if (resumeAfter != null) {
                headers.put("Last-Event-ID", resumeAfter);
            }
            String path = "/v1/events/stream" + (app == null ? "" : "?app=" + ApiClient.segment(app));
            String problem;
            HttpResponse<InputStream> response = null;
            try {
                response = api.stream(path, headers);
                String contentType = response.headers().firstValue("Content-Type").orElse("none");
                if (!contentType.startsWith("text/event-stream")) {
                    throw CliFailure.failed("the server at " + api.server() + " does not stream events"
                            + " (GET /v1/events/stream answered " + contentType + ", expected: text/event-stream)");
                }
                if (connectedOnce) {
                    err.println("cutover: event stream resumed" + (resumeAfter == null ? "" : " after event " + resumeAfter));
                    err.flush();
                }
                connectedOnce = true;
                ServerSentEvents events = new ServerSentEvents(
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
                for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
                    resumeAfter = event.id() == null ? resumeAfter : event.id();
                    retry = firstRetry; // back off only while nothing comes through
                    print(out, event);
                }
                if (events.retryMillis().isPresent()) {
                    firstRetry = Duration.ofMillis(events.retryMillis().getAsLong());
                    retry = firstRetry;
                }
                problem = "the server closed it";
            } catch (CliFailure failure) {
                if (!connectedOnce || failure.exitCode() != CliFailure.UNREACHABLE) {
                    throw failure;
                }
                problem = "cannot reach " + api.server();
            } catch (IOException e) {
                problem = CliFailure.reason(e);
            } finally {
                closeQuietly(response);
            }
            err.println("cutover: event stream interrupted (" + problem + "); reconnecting in " + retry.toMillis() + "ms…");
            err.flush();
            try {
                Thread.sleep(retry);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        }
        return 0;
    }

    private static void closeQuietly(@Nullable HttpResponse<InputStream> response) {
        if (response != null) {
            try {
                response.body().close();
            } catch (IOException e) {
                // the connection is being given up anyway
            }
        }
    }

    private void print(PrintWriter out, ServerSentEvents.Event event) {
        JsonNode json;
        try {
            json = ApiClient.json().readTree(event.data());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            out.println((event.id() == null ? "-" : event.id()) + " " + event.type() + " " + event.data());
        } else if (app != null && json.hasNonNull("app") && !app.equals(json.path("app").asText())) {
            return;
        } else if (json()) {
            out.println(json.toString());
        } else {
            out.println(line(json));
        }
        out.flush();
    }

    /** One event as a line: {@code ID TIME TYPE APP key=value ...}. */
    static String line(JsonNode event) {
        StringBuilder text = new StringBuilder()
                .append(event.path("id").asText("-")).append(' ')
                .append(event.hasNonNull("time") ? Table.time(event.path("time")) : "-").append(' ')
                .append(event.path("type").asText("-")).append(' ')
                .append(event.hasNonNull("app") ? event.path("app").asText() : "-");
        String data = data(event.path("data"));
        if (!data.isEmpty()) {
            text.append(' ').append(data);
        }
        return text.toString();
    }

    /** An event's data as {@code key=value} pairs; text with spaces is quoted, objects shown as JSON. */
    static String data(JsonNode data) {
        if (!data.isObject()) {
            return data.isMissingNode() || data.isNull() ? "" : data.toString();
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(field.getKey()).append('=').append(value(field.getValue()));
        }
        return text.toString();
    }

    private static String value(JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText();
            boolean plain = !text.isEmpty() && text.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '=');
            return plain ? text : value.toString();
        }
        return value.toString();
    }
}
