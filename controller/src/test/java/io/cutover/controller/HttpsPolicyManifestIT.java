package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.RunningServer.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A manifest's {@code https:} reaches the routers at once, without a new revision, and leaves the same way. */
class HttpsPolicyManifestIT {

    @RegisterExtension
    final RunningServer server = RunningServer.perTest();

    @Test
    void anAppsHttpsPolicyRedirectsItsPlainRequestsUntilItIsRemoved() {
        server.deploy(RunningServer.simpleservice("hello", 1, "1.0", ""));
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).isEqualTo(200);

        Response applied = server.apply(RunningServer.simpleservice("hello", 1, "1.0", "https: {redirect: true}\n"));

        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.json().at("/spec/https/redirect").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response redirected = server.viaRouter("hello.localhost", "/endpoint0?x=1");
            assertThat(redirected.status()).isEqualTo(301);
            // the embedded router has no TLS listener: the redirect names the default port
            assertThat(redirected.body()).contains("https://hello.localhost/endpoint0?x=1");
        });
        assertThat(server.instances("hello")).singleElement()
                .satisfies(i -> assertThat(i.get("revision").asInt()).as("no new revision").isEqualTo(1));

        assertThat(server.apply(RunningServer.simpleservice("hello", 1, "1.0", "https: {hstsMaxAgeSeconds: 3}\n"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.viaRouter("hello.localhost", "/endpoint0").status() == 200);

        Response refused = server.apply(RunningServer.simpleservice("hello", 1, "1.0", "https: {hstsPreload: true}\n"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("https.hstsPreload");
        assertThat(server.get("/v1/apps/hello").json().at("/spec/https/hstsMaxAgeSeconds").asLong())
                .as("a refused manifest changes nothing").isEqualTo(3);
    }
}
