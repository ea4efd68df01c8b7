package io.cutover.examples.simpleservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimpleServiceTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SimpleService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.drain(0);
        }
    }

    @Test
    void reportsItsAddressAndVersion() throws Exception {
        start(Map.of("SIMPLE_SERVICE_VERSION", "1.0"));

        HttpResponse<String> response = get("/endpoint0");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(
                "{\"host\": \"" + service.address() + "\", \"version\": \"1.0\", \"result\": \"all is well\"}");
        assertThat(service.address()).startsWith("127.0.0.1:").doesNotEndWith(":0");
    }

    @Test
    void countsTheRequestsItServedByMethodAndThoseMirroredToIt() throws Exception {
        start(Map.of());
        get("/endpoint0");
        get("/health");
        client.send(HttpRequest.newBuilder(uri("/echo")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        client.send(HttpRequest.newBuilder(uri("/endpoint0")).header("X-Cutover-Mirror", "true").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get("/stats").body()).isEqualTo("{\"requests\": {\"GET\": 2, \"POST\": 1}, \"mirrored\": 1}");
    }

    @Test
    void keepsACounterThatSavesItsValueAndStartsFromAHandoff() throws Exception {
        start(Map.of("CUTOVER_HANDOFF", "41", "SIMPLE_SERVICE_VERSION", "2.0"));
        client.send(HttpRequest.newBuilder(uri("/counter")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get("/counter").body()).isEqualTo("{\"counter\": 42, \"version\": \"2.0\"}");
        assertThat(client.send(HttpRequest.newBuilder(uri("/counter/save")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("42");
    }

    @Test
    void failsEveryRequestAtAFailRateOfOne() throws Exception {
        start(Map.of("FAIL_RATE", "1"));

        assertThat(get("/endpoint0").statusCode()).isEqualTo(500);
    }

    @Test
    void answersLatencyMsLate() throws Exception {
        start(Map.of("LATENCY_MS", "150"));

        long begin = System.nanoTime();
        assertThat(get("/endpoint0").statusCode()).isEqualTo(200);
        assertThat(System.nanoTime() - begin).as("a lower bound only").isGreaterThanOrEqualTo(150_000_000L);
    }

    @Test
    void turnsUnhealthyAndBackWhenAsked() throws Exception {
        start(Map.of());
        assertThat(get("/health").statusCode()).isEqualTo(200);

        assertThat(post("/admin/health?healthy=false").statusCode()).isEqualTo(200);
        HttpResponse<String> unhealthy = get("/health");
        assertThat(post("/admin/health?healthy=true").statusCode()).isEqualTo(200);

        assertThat(unhealthy.statusCode()).isEqualTo(500);
        assertThat(unhealthy.body()).isEqualTo("{\"healthy\": false}");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(post("/admin/health?healthy=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void isNotReadyBeforeReadyAfter() throws Exception {
        start(Map.of("READY_AFTER_MS", "600000"));

        assertThat(get("/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void echoesTheRequestAsJson() throws Exception {
        start(Map.of());
        HttpRequest request = HttpRequest.newBuilder(uri("/echo?a=%20b"))
                .header("X-Forwarded-For", "10.0.0.1")
                .PUT(HttpRequest.BodyPublishers.ofString("say \"hi\"\n"))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .startsWith("{\"method\": \"PUT\", \"path\": \"/echo\", \"query\": \"a=%20b\", \"headers\": {")
                .contains("\"x-forwarded-for\": \"10.0.0.1\"")
                .endsWith("\"body\": \"say \\\"hi\\\"\\n\", \"host\": \"" + service.address()
                        + "\", \"version\": \"0.9\"}");
    }

    @Test
    void answersUnknownPathsWithJson404() throws Exception {
        start(Map.of());

        HttpResponse<String> response = get("/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\": \"not found\", \"path\": \"/nope\"}");
    }

    @Test
    void finishesARequestInFlightWhenDraining() throws Exception {
        start(Map.of());
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(uri("/slow?ms=300")).build(), HttpResponse.BodyHandlers.ofString());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            while (service.requestsInFlight() == 0) {
                Thread.onSpinWait();
            }
        });

        int unfinished = service.drain(5);

        assertThat(unfinished).isZero();
        assertThat(slow.join().statusCode()).isEqualTo(200);
        assertThat(slow.join().body()).isEqualTo("{\"slept\": 300, \"version\": \"0.9\"}");
    }

    private void start(Map<String, String> env) throws IOException {
        Map<String, String> settings = new HashMap<>(env);
        settings.put("PORT", "0");
        settings.put("QUIET", "true");
        service = SimpleService.start(Settings.from(settings), System.nanoTime());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + service.address() + path);
    }
}
