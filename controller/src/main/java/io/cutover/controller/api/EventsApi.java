package io.cutover.controller.api;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.StoredEvent;
import io.cutover.core.manifest.Manifests;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /v1/events}: the event log as a list, and as a resumable Server-Sent Events stream. */
final class EventsApi {

    private static final int PAGE = 500;
    /** On every list: the id of the newest event in the log. */
    static final String LAST_ID_HEADER = "Cutover-Last-Event-ID";
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final EventLog events;

    EventsApi(EventLog events) {
        this.events = events;
    }

    void register(Endpoints endpoints) {
        endpoints.get("/v1/events", Access.VIEWER, ctx -> {
            // the newest id, whatever the page holds: where a stream that wants only what comes next starts
            ctx.header(LAST_ID_HEADER, Long.toString(events.lastId()));
            ctx.json(events.after(after(ctx, null), QueryParams.limit(ctx, 1000), ctx.queryParam("app")).stream().map(EventsApi::view).toList());
        });
        endpoints.sse("/v1/events/stream", Access.VIEWER, this::stream);
    }

    private void stream(SseClient client) {
        Context ctx = client.ctx();
        long last = after(ctx, ctx.header("Last-Event-ID"));
        String app = ctx.queryParam("app");
        try {
            while (!client.terminated()) {
                long seen = events.lastId(); // read before the page, so nothing appended meanwhile is missed
                List<StoredEvent> page = events.after(last, PAGE, app);
                for (StoredEvent event : page) {
                    client.sendEvent(event.type(), Manifests.toJson(view(event)), Long.toString(event.id()));
                    last = event.id();
                }
                if (page.size() < PAGE && !events.await(seen, KEEP_ALIVE)) {
                    client.sendComment("keep-alive");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Object> view(StoredEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", event.id());
        out.put("time", event.time().toString());
        out.put("type", event.type());
        out.put("app", event.app());
        try {
            out.put("data", Manifests.json().readTree(event.data()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            out.put("data", Map.of());
        }
        return out;
    }

    private static long after(Context ctx, String header) {
        String value = header != null ? header : ctx.queryParam("after");
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(header != null ? "Last-Event-ID" : "after", "\"" + value + "\" (expected: an event id)");
        }
    }
}
