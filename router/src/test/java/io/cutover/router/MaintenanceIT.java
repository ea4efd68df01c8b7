package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RouteEntry;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A route in maintenance, answered by a real router for every path and method. */
class MaintenanceIT {

    private static final Maintenance DOWN = new Maintenance(503, "Back at noon.", 300, null, Map.of("Cache-Control", "no-store"),
            "X-Ops", Maintenance.sha256("s3cret"), false);

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private Http http;
    private TestBackend app;

    @BeforeEach
    void start() {
        router = fixture.router();
        http = fixture.http();
        app = fixture.backend("app");
    }

    private void serve(Maintenance maintenance) {
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1", app.port())))
                .withMaintenance(maintenance)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersEveryPathAndMethodItselfWithRetryAfterAndTheOperatorsHeaders() {
        serve(DOWN);

        List<HttpResponse<String>> answers = List.of(
                http.get("hello.localhost", "/"),
                http.get("hello.localhost", "/login"),
                http.get("hello.localhost", "/app?view=dashboard"),
                send(http.request("hello.localhost", "/api/x").POST(HttpRequest.BodyPublishers.ofString("{\"a\": 1}"))));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).isEqualTo("Back at noon.\n");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("300");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(answer.headers().firstValue("X-Cutover-Maintenance")).hasValue("on");
        });
        assertThat(app.requests()).as("nothing reached the app").isZero();
        assertThat(router.stats().requests()).isEqualTo(4);
    }

    @Test
    void givesJsonToClientsThatAcceptJsonAndAPageToBrowsers() {
        serve(DOWN);

        HttpResponse<String> json = send(http.request("hello.localhost", "/orders").header("Accept", "application/json"));
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.body()).isEqualTo("{\"status\": 503, \"message\": \"Back at noon.\", \"retryAfter\": 300}\n");

        HttpResponse<String> page = send(http.request("hello.localhost", "/")
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<h1>Service Unavailable</h1>").contains("Back at noon.").contains("300 seconds");

        serve(new Maintenance(503, null, null, "{\"error\":\"maintenance\",\"eta\":\"12:00\"}", Map.of(), null, null, false));
        assertThat(send(http.request("hello.localhost", "/").header("Accept", "application/json")).body())
                .isEqualTo("{\"error\":\"maintenance\",\"eta\":\"12:00\"}\n");
        assertThat(http.get("hello.localhost", "/").body()).as("the default message names the app")
                .isEqualTo("hello is down for maintenance.\n");
    }

    @Test
    void theBypassHeaderWithItsSecretReachesTheApp() {
        serve(DOWN);

        HttpResponse<String> operator = send(http.request("hello.localhost", "/").header("X-Ops", "s3cret"));
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.body()).isEqualTo("app");
        assertThat(send(http.request("hello.localhost", "/").header("X-Ops", "guess")).statusCode()).isEqualTo(503);
        assertThat(app.requests()).isEqualTo(1);
    }

    @Test
    void aRouteWithoutInstancesIsInMaintenanceTooAndHeadGetsNoBody() {
        router.apply(table(1, new RouteEntry("empty.localhost", "/", "empty", List.of()).withMaintenance(DOWN)));

        HttpResponse<String> head = send(http.request("empty.localhost", "/").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(503);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue("14");
        assertThat(http.get("empty.localhost", "/").body()).isEqualTo("Back at noon.\n");
    }

    @Test
    void servesTheAppAgainOnceTheTableHasNoMaintenance() {
        serve(DOWN);
        assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(503);

        router.apply(table(2, route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1", app.port())))));

        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("app");
    }
}
