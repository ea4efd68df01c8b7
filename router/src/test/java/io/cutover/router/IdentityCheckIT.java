package io.cutover.router;

import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.core.model.InstanceIdentity;
import io.cutover.core.routing.Endpoint;
import io.cutover.router.testing.DeadPort;
import io.cutover.router.testing.Http;
import io.cutover.router.testing.IdentityServer;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An instance with an identity gets requests only over connections on which it answered as itself: a
 * route that outlived its pod never reaches the process that got the pod's address.
 */
class IdentityCheckIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    private Router router;
    private Http http;

    @BeforeEach
    void startRouter() {
        router = fixture.router();
        http = fixture.http();
    }

    @Test
    void anInstanceIsAskedOncePerNewConnectionAndServesWhenItAnswersAsItself() {
        TestBackend pod = fixture.backend("pod-a");
        IdentityServer identity = fixture.open(IdentityServer.answering("uid-a"));
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, at("a", pod, identity.port(), "uid-a")))));

        for (int i = 0; i < 30; i++) {
            assertThat(http.get("hello.localhost", "/").body()).isEqualTo("pod-a");
        }

        assertThat(pod.requests()).isEqualTo(30);
        assertThat(identity.asked()).isPositive().isEqualTo(pod.connections());
        assertThat(router.stats().identityMismatches()).isZero();
    }

    @Test
    void aStaleRouteNeverReachesTheProcessThatNowHasItsAddress() {
        TestBackend intruder = fixture.backend("intruder");
        IdentityServer intrudersIdentity = fixture.open(IdentityServer.answering("uid-of-the-next-pod"));
        TestBackend live = fixture.backend("live");
        IdentityServer liveIdentity = fixture.open(IdentityServer.answering("uid-live"));
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100,
                at("gone", intruder, intrudersIdentity.port(), "uid-gone"), at("live", live, liveIdentity.port(), "uid-live")))));

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = http.get("hello.localhost", "/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("live");
        }

        assertThat(intruder.requests()).isZero();
        assertThat(intrudersIdentity.asked()).isPositive();
        RouterStats stats = router.stats();
        assertThat(stats.identityMismatches()).isPositive().isEqualTo(stats.connectFailures());
        assertThat(stats.retries()).isEqualTo(stats.connectFailures());
        await().until(() -> router.inFlight().values().stream().allMatch(n -> n == 0));
    }

    @Test
    void withOnlyTheStaleInstanceLeftTheRequestFailsWithoutReachingAnyone() {
        TestBackend intruder = fixture.backend("intruder");
        IdentityServer identity = fixture.open(IdentityServer.answering("uid-of-the-next-pod"));
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, at("gone", intruder, identity.port(), "uid-gone")))));

        HttpResponse<String> response = http.get("hello.localhost", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("could not connect to any instance");
        assertThat(intruder.requests()).isZero();
        assertThat(router.stats().identityMismatches()).isEqualTo(1);
    }

    @Test
    void anInstanceWhoseIdentityDoesNotAnswerIsNotUsed() {
        TestBackend pod = fixture.backend("pod");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, at("mute", pod, DeadPort.refusing(), "uid-mute")))));

        assertThat(http.get("hello.localhost", "/").statusCode()).isEqualTo(502);
        assertThat(pod.requests()).isZero();
        assertThat(router.stats().identityMismatches()).isEqualTo(1);
    }

    private static Endpoint at(String instanceId, TestBackend backend, int identityPort, String uid) {
        return new Endpoint(instanceId, "127.0.0.1", backend.port(), new InstanceIdentity(identityPort, uid));
    }
}
