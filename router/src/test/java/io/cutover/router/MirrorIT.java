package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.core.routing.RevisionBackends;
import io.cutover.core.routing.RouteEntry;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mirroring a share of idempotent requests to a canary revision, through a real router. */
class MirrorIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private Http http;
    private TestBackend stable;
    private TestBackend canary;

    @BeforeEach
    void start() {
        router = fixture.router();
        http = fixture.http();
        stable = fixture.backend("stable");
        canary = fixture.backend("canary");
    }

    /** The stable revision takes {@code canaryWeight}'s complement, the canary the rest, with a mirror share. */
    private void mirror(int percent, int canaryWeight) {
        router.apply(table(1, new RouteEntry("hello.localhost", "/", "hello", List.of(
                revision(1, 100 - canaryWeight, endpoint("hello-1", stable.port())),
                new RevisionBackends(2, canaryWeight, List.of(endpoint("hello-2", canary.port())), true)), false, percent, null, null)));
    }

    /** Waits until no mirrored copy is in flight on the canary instance. */
    private void awaitMirrorsDone() {
        await().atMost(Duration.ofSeconds(20)).until(() -> router.inFlight().getOrDefault("hello-2", 0) == 0);
    }

    @Test
    void copiesAboutTheShareOfGetsToTheCanaryWhileClientsGetOnlyStableAnswers() {
        mirror(20, 0);

        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> answer = http.get("hello.localhost", "/");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("stable");
        }
        awaitMirrorsDone();

        assertThat(stable.requests()).isEqualTo(1000);
        // 20% of 1,000: 200 ± 5 standard deviations (12.6).
        assertThat(canary.requests()).isBetween(137, 263);
        assertThat(canary.lastHeaders().getFirst("X-Cutover-Mirror")).isEqualTo("true");
        assertThat(canary.lastHeaders().getFirst("X-Forwarded-For")).as("the copy has the forwarding headers").isNotNull();
        assertThat(router.revisionMetrics().get("hello/2").requests()).as("copies count in the canary's metrics")
                .isEqualTo(canary.requests());
    }

    @Test
    void neverCopiesAPostOrARequestWithABody() {
        mirror(100, 0);

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> posted = http.send(http.request("hello.localhost", "/orders")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + i + "}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);
            http.send(http.request("hello.localhost", "/x").method("DELETE", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        http.get("hello.localhost", "/");
        awaitMirrorsDone();

        assertThat(stable.requests()).isEqualTo(101);
        assertThat(canary.requests()).as("only the GET was copied").isEqualTo(1);
    }

    @Test
    void aFailingOrHangingCanaryChangesNothingForTheClient() {
        mirror(100, 0);
        canary.answerWith(500);
        stable.releaseSlow(); // the stable instance answers /slow at once; the canary's copies hang

        for (int i = 0; i < 20; i++) {
            assertThat(http.get("hello.localhost", "/").body()).isEqualTo("stable");
            assertThat(http.get("hello.localhost", "/slow").body()).as("the client does not wait for its copy").isEqualTo("slow done");
        }

        assertThat(canary.slowWaiting()).as("copies of /slow still waiting at the canary").isPositive();
        canary.releaseSlow();
        awaitMirrorsDone();
        assertThat(router.revisionMetrics().get("hello/2").s5xx()).isEqualTo(20);
        assertThat(router.revisionMetrics().get("hello/1").s5xx()).isZero();
    }

    @Test
    void aRequestTheCanaryServesItselfIsNotCopiedAgain() {
        mirror(100, 50);

        int answeredByCanary = 0;
        for (int i = 0; i < 200; i++) {
            if (http.get("hello.localhost", "/").body().equals("canary")) {
                answeredByCanary++;
            }
        }
        awaitMirrorsDone();

        assertThat(answeredByCanary).isBetween(50, 150);
        assertThat(canary.requests()).as("its own requests, plus a copy of each the stable revision served")
                .isEqualTo(answeredByCanary + stable.requests());
    }
}
