package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.client.ApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventsCommandTest {

    private FakeApi api;

    @BeforeEach
    void startFakeApi() throws IOException {
        api = new FakeApi();
    }

    @AfterEach
    void stopFakeApi() {
        api.close();
    }

    @Test
    void formatsAnEventAsOneLine() throws IOException {
        String line = EventsCommand.line(ApiClient.json().readTree("""
                {"id": 42, "time": "2026-11-22T10:00:00Z", "type": "instance_stopped", "app": "hello",
                 "data": {"instance": "hello-2-a1b2c3", "exitCode": 0, "reason": "replaced by revision 3",
                          "ports": [1, 2], "empty": ""}}"""));

        assertThat(line).isEqualTo("42 2026-11-22T10:00:00Z instance_stopped hello instance=hello-2-a1b2c3 exitCode=0"
                + " reason=\"replaced by revision 3\" ports=[1,2] empty=\"\"");
    }

    @Test
    void showsAnEventWithoutAppOrData() throws IOException {
        String line = EventsCommand.line(ApiClient.json().readTree(
                "{\"id\": 1, \"time\": \"2026-11-22T10:00:00Z\", \"type\": \"router_joined\", \"app\": null}"));

        assertThat(line).isEqualTo("1 2026-11-22T10:00:00Z router_joined -");
    }

    @Test
    void listsEventsAfterAnIdForAnApp() {
        api.json("GET /v1/events", 200, """
                [{"id": 5, "time": "2026-11-22T10:00:00Z", "type": "app_created", "app": "hello", "data": {"revision": 1}}]""");

        CliRun run = CliRun.against(api, "events", "--app", "hello", "--after", "4");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("""
                ID  TIME                  TYPE         APP    DATA
                5   2026-11-22T10:00:00Z  app_created  hello  revision=1
                """);
        assertThat(api.requests.get(0).query()).isEqualTo("limit=100&after=4&app=hello");
    }

    @Test
    void followResumesAfterTheLastEventWhenTheStreamBreaks() {
        AtomicInteger connections = new AtomicInteger();
        api.on("GET /v1/events/stream", (request, exchange) -> {
            switch (connections.incrementAndGet()) {
                case 1 -> stream(exchange, "retry: 10\n\n" + sse(1, "app_created") + sse(2, "revision_created"));
                case 2 -> stream(exchange, sse(3, "instance_started") + "id: 4\nevent: instance_ready\ndata: {\"id\"");
                default -> FakeApi.reply(exchange, 404, "application/json",
                        "{\"error\": \"not_found\", \"message\": \"stream gone\", \"details\": []}");
            }
        });

        CliRun run = CliRun.against(api, "events", "--follow");

        assertThat(run.out().lines()).containsExactly(
                "1 2026-11-22T10:00:00Z app_created hello n=1",
                "2 2026-11-22T10:00:00Z revision_created hello n=2",
                "3 2026-11-22T10:00:00Z instance_started hello n=3");
        assertThat(api.requests).extracting(r -> r.header("Last-event-id")).containsExactly(null, "2", "3");
        assertThat(api.requests).extracting(r -> r.headers().get("Accept")).containsOnly(List.of("text/event-stream"));
        assertThat(run.err()).contains("cutover: event stream interrupted (the server closed it); reconnecting in 10ms…")
                .contains("cutover: event stream resumed after event 2")
                .endsWith("cutover: stream gone\n");
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void followFailsWhenTheServerDoesNotStreamEvents() {
        api.json("GET /v1/events/stream", 200, "");

        CliRun run = CliRun.against(api, "events", "--follow");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("cutover: the server at " + api.url() + " does not stream events"
                + " (GET /v1/events/stream answered application/json, expected: text/event-stream)\n");
    }

    @Test
    void followStartsAfterTheGivenEvent() {
        api.on("GET /v1/events/stream", (request, exchange) -> FakeApi.reply(exchange, 400, "application/json",
                "{\"error\": \"invalid_request\", \"message\": \"no\", \"details\": []}"));

        CliRun run = CliRun.against(api, "events", "-f", "--after", "17");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(api.requests.get(0).header("Last-event-id")).isEqualTo("17");
    }

    private static String sse(int id, String type) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"id\": " + id + ", \"time\": \"2026-11-22T10:00:00Z\", \"type\": \""
                + type + "\", \"app\": \"hello\", \"data\": {\"n\": " + id + "}}\n\n";
    }

    private static void stream(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
