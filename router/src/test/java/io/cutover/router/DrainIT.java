package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.router.testing.Http;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In-flight counts are exact, and an instance removed from the table finishes what it was given. */
class DrainIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private Http http;
    private TestBackend old;
    private TestBackend replacement;

    @BeforeEach
    void start() {
        router = fixture.router();
        http = fixture.http();
        old = fixture.backend("old");
        replacement = fixture.backend("new");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("old-1", old.port())))));
    }

    private List<CompletableFuture<HttpResponse<String>>> slowRequests(int n) {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            responses.add(http.getAsync("hello.localhost", "/slow"));
        }
        return responses;
    }

    @Test
    void countsRequestsInFlightUntilTheirResponsesFinish() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = slowRequests(5);
        await().until(() -> router.inFlight().get("old-1") == 5);

        old.releaseSlow();

        for (CompletableFuture<HttpResponse<String>> response : responses) {
            assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow done");
        }
        await().until(() -> router.inFlight().get("old-1") == 0);
    }

    @Test
    void letsARemovedInstanceFinishItsRequestsAndCountsThemUntilThen() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = slowRequests(3);
        await().until(() -> old.slowWaiting() == 3);

        router.apply(table(2, route("hello.localhost", "hello", revision(2, 100, endpoint("new-1", replacement.port())))));

        assertThat(router.inFlight()).containsEntry("old-1", 3).containsEntry("new-1", 0);
        assertThat(http.get("hello.localhost", "/").body()).isEqualTo("new");
        old.releaseSlow();
        for (CompletableFuture<HttpResponse<String>> response : responses) {
            HttpResponse<String> done = response.get(10, TimeUnit.SECONDS);
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).isEqualTo("slow done");
        }
        await().until(() -> !router.inFlight().containsKey("old-1"));
        assertThat(router.inFlight()).containsOnlyKeys("new-1");
    }

    @Test
    void stopsCountingARequestWhoseClientWentAway() {
        try (RawHttp raw = RawHttp.connect(router.address())) {
            raw.send("GET /slow HTTP/1.1\r\nHost: hello.localhost\r\n\r\n");
            await().until(() -> router.inFlight().get("old-1") == 1);
        }

        await().until(() -> router.inFlight().get("old-1") == 0);
        assertThat(router.stats().clientAborts()).isEqualTo(1);
    }
}
