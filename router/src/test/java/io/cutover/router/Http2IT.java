package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static io.cutover.router.testing.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.core.routing.Maintenance;
import io.cutover.core.routing.RevisionBackends;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.router.testing.DeadPort;
import io.cutover.router.testing.H2Client;
import io.cutover.router.testing.RecordingBackend;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 clients through a real router to HTTP/1.1 instances: h2c, h2 over TLS, the router's features, abuse. */
class Http2IT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    @TempDir
    Path dir;

    private Router router;
    private TestBackend stable;

    @BeforeEach
    void start() {
        Authority ca = TestCertificates.authority("h2 test CA");
        ca.issue("hello.localhost").write(dir.resolve("hello.crt"), dir.resolve("hello.key"));
        router = fixture.startRouter(o -> o.tls("127.0.0.1", 0, dir).maxConcurrentStreams(50));
        stable = fixture.backend("hello-1");
        router.apply(table(1, route("hello.localhost", "hello", revision(1, 100, endpoint("hello-1", stable.port())))));
    }

    private H2Client h2c() {
        return fixture.open(H2Client.h2c(router.address()));
    }

    private H2Client h2OverTls() throws Exception {
        SslContext tls = SslContextBuilder.forClient()
                .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        return fixture.open(H2Client.h2(router.tlsAddress(), tls, "hello.localhost"));
    }

    @Test
    void h2cWithPriorKnowledgeRoutesByAuthority() {
        H2Client client = h2c();

        H2Client.Response response = client.send(H2Client.get("hello.localhost", "/"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("hello-1");
        assertThat(stable.lastHeaders().getFirst("Host")).isEqualTo("hello.localhost");
        assertThat(stable.lastHeaders().getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(stable.lastHeaders().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-http2"));
        assertThat(client.send(H2Client.get("nobody.localhost", "/")).header("x-cutover-error")).isEqualTo("no-route");
        assertThat(router.stats().http2Connections()).isEqualTo(1);
        assertThat(client.serverSettings().maxConcurrentStreams()).isEqualTo(50);
        assertThat(client.serverSettings().maxHeaderListSize()).isEqualTo(8192);
    }

    @Test
    void h2OverTlsByAlpnMultiplexesManyStreamsOnOneConnection() throws Exception {
        H2Client client = h2OverTls();
        assertThat(client.alpn()).isEqualTo("h2");

        List<CompletableFuture<H2Client.Response>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(client.request(H2Client.get("hello.localhost", "/" + i), null));
        }

        for (CompletableFuture<H2Client.Response> response : responses) {
            assertThat(response.get(20, TimeUnit.SECONDS).bodyText()).isEqualTo("hello-1");
        }
        assertThat(stable.requests()).isEqualTo(40);
        assertThat(stable.lastHeaders().getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(router.stats().openConnections()).as("one client connection").isEqualTo(1);
    }

    @Test
    void aRequestBodyArrivesWholeAndTheCanaryHeaderAndDrainCountsWork() throws Exception {
        TestBackend canary = fixture.backend("hello-2");
        router.apply(table(2, route("hello.localhost", "hello",
                revision(1, 100, endpoint("hello-1", stable.port())),
                new RevisionBackends(2, 0, List.of(endpoint("hello-2", canary.port())), true))));
        H2Client client = h2c();
        byte[] body = new byte[300_000];
        new java.util.Random(7).nextBytes(body);

        H2Client.Response upload = client.request(new DefaultHttp2Headers(false).method("POST").scheme("http")
                .authority("hello.localhost").path("/upload"), body).get(20, TimeUnit.SECONDS);
        Http2Headers toCanary = H2Client.get("hello.localhost", "/").add("x-cutover-canary", "always");

        assertThat(upload.bodyText()).isEqualTo("bytes=300000 sha256="
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(client.send(toCanary).bodyText()).isEqualTo("hello-2");

        CompletableFuture<H2Client.Response> slow = client.request(H2Client.get("hello.localhost", "/slow"), null);
        await().atMost(Duration.ofSeconds(10)).until(() -> stable.slowWaiting() == 1);
        assertThat(router.inFlight()).containsEntry("hello-1", 1);
        stable.releaseSlow();
        assertThat(slow.get(20, TimeUnit.SECONDS).bodyText()).isEqualTo("slow done");
        await().atMost(Duration.ofSeconds(5)).until(() -> router.inFlight().get("hello-1") == 0);
    }

    @Test
    void aStreamWhoseInstanceRefusesTheConnectionIsRetriedOnAnotherAndMaintenanceIsAnsweredByTheRouter() {
        router.apply(table(4,
                route("hello.localhost", "hello",
                        revision(1, 100, endpoint("dead", DeadPort.refusing()),
                                endpoint("hello-1", stable.port()))),
                new RouteEntry("down.localhost", "/", "down", List.of()).withMaintenance(
                        new Maintenance(503, "Back at noon.", 300, null, Map.of(),
                                null, null, false))));
        H2Client client = h2c();

        for (int i = 0; i < 50; i++) {
            assertThat(client.send(H2Client.get("hello.localhost", "/")).bodyText()).isEqualTo("hello-1");
        }
        H2Client.Response down = client.send(H2Client.get("down.localhost", "/any"));

        assertThat(router.stats().retries()).isPositive();
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.header("x-cutover-maintenance")).isEqualTo("on");
        assertThat(down.header("retry-after")).isEqualTo("300");
        assertThat(down.bodyText()).contains("Back at noon.");
    }

    @Test
    void malformedRequestsEndTheirStreamBeforeReachingAnInstance() {
        RecordingBackend recording = fixture.open(new RecordingBackend());
        router.apply(table(3, route("rec.localhost", "rec", revision(1, 100, endpoint("rec-1", recording.port())))));
        H2Client client = h2c();

        H2Client.Response lengthDisagrees = client.request(new DefaultHttp2Headers(false).method("POST").scheme("http")
                .authority("rec.localhost").path("/cl").add("content-length", "5"), "0123456789".getBytes())
                .orTimeout(20, TimeUnit.SECONDS).join();
        H2Client.Response transferEncoding = client.send(H2Client.get("rec.localhost", "/te").add("transfer-encoding", "chunked"));
        H2Client.Response connection = client.send(H2Client.get("rec.localhost", "/conn").add("connection", "keep-alive"));
        H2Client.Response noPath = client.send(new DefaultHttp2Headers(false).method("GET").scheme("http").authority("rec.localhost"));
        H2Client.Response twoMethods = client.send(H2Client.get("rec.localhost", "/two").add(":method", "POST"));
        H2Client.Response unknownPseudo = client.send(H2Client.get("rec.localhost", "/pseudo").add(":foo", "bar"));
        H2Client.Response upperCase = client.send(H2Client.get("rec.localhost", "/upper").add("X-Upper", "1"));
        H2Client.Response hostDiffers = client.send(H2Client.get("rec.localhost", "/host").add("host", "hello.localhost"));
        H2Client.Response hostAgrees = client.send(H2Client.get("rec.localhost", "/same").add("host", "rec.localhost"));
        H2Client.Response fine = client.send(H2Client.get("rec.localhost", "/fine"));

        assertThat(List.of(lengthDisagrees, transferEncoding, connection, noPath, twoMethods, unknownPseudo, upperCase,
                        hostDiffers))
                .as("each stream reset without a response")
                .allSatisfy(r -> {
                    assertThat(r.reset()).isEqualTo(Http2Error.PROTOCOL_ERROR);
                    assertThat(r.headers()).isNull();
                });
        assertThat(hostAgrees.bodyText()).isEqualTo("/same");
        assertThat(fine.bodyText()).isEqualTo("/fine");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(recording.summaries())
                .as("the only request the instance read whole").contains("GET /fine"));
        assertThat(recording.summaries()).noneMatch(s -> s.startsWith("POST /cl") || s.contains("/te") || s.contains("/conn") || s.contains("/two")
                || s.contains("/pseudo") || s.contains("/upper") || s.contains("/host"));
        assertThat(client.isOpen()).as("stream errors leave the connection open").isTrue();
    }

    @Test
    void rapidResetClosesTheConnection() {
        H2Client client = h2c();

        int sent = 0;
        while (sent < 1000 && client.requestAndReset(H2Client.get("hello.localhost", "/r" + sent))) {
            sent++;
        }

        // The router sends GOAWAY ENHANCE_YOUR_CALM and closes; the client, still sending, may see only the close.
        await().atMost(Duration.ofSeconds(10)).until(() -> !client.isOpen());
        assertThat(sent).as("streams opened before the close (the limit is 200 resets per 30 s)").isGreaterThan(200);
        assertThat(stable.requests()).as("the resets cut the work short").isLessThanOrEqualTo(250);
    }

    @Test
    void headersPastTheLimitAreRefused() {
        H2Client client = h2c();
        assertThat(client.serverSettings().maxHeaderListSize()).isEqualTo(8192); // known to the client before it sends

        H2Client.Response big = client.send(H2Client.get("hello.localhost", "/big").add("x-big", "x".repeat(10_000)));

        assertThat(big.status()).isEqualTo(431);
        assertThat(stable.requests()).isZero();
    }
}
