package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.load.testing.VersionServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadCommandTest {

    private VersionServer server;

    /** One run of {@code cutover load ...} in this JVM. */
    private record Run(int exitCode, String out, String err) {
        static Run of(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exitCode = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = new VersionServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void printsALinePerIntervalAndASummaryAndExits0WhenEveryAnswerIs2xx() {
        Run run = Run.of("load", server.url("/version").toString(), "--rate", "40", "--duration", "500ms",
                "--interval", "250ms", "--host", "hello.localhost");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("load: GET " + server.url("/version") + " (Host: hello.localhost), 40 req/s for 0.5s");
        // A request due right at 0.25 s falls on either side of it: the split between intervals varies, the sum does not.
        assertThat(run.out()).containsPattern("(?m)^t=0\\.25s  sent=\\d+  2xx=\\d+  non-2xx=0  errors=0  late=0  p50=\\S+ms p99=\\S+ms  versions: 1\\.0=\\d+$");
        assertThat(intervalCounts(run.out(), "sent")).hasSize(2).satisfies(sent -> assertThat(sent.get(0) + sent.get(1)).isEqualTo(20));
        assertThat(intervalCounts(run.out(), "2xx")).hasSize(2).satisfies(ok -> assertThat(ok.get(0) + ok.get(1)).isEqualTo(20));
        assertThat(run.out()).containsPattern("(?m)^VERSION +COUNT +SHARE\\n1\\.0 +20 +100\\.0%$");
        assertThat(run.out()).contains("OK: all 20 requests answered 2xx");
        assertThat(server.hosts()).containsOnlyKeys("hello.localhost");
    }

    @Test
    void exits1WhenAnswersAreNot2xx() {
        Run run = Run.of("load", server.url("/fail").toString(), "--rate", "20", "--duration", "250ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("non-2xx=5 .*failures: 500=5");
        assertThat(run.out()).containsPattern("(?m)^500 +5 +100\\.0%$");
        assertThat(run.out()).contains("FAILED: 5 of 5 requests without a 2xx answer (5 non-2xx, 0 errors)");
    }

    @Test
    void exits1WhenNothingListens() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }

        Run run = Run.of("load", "http://127.0.0.1:" + deadPort + "/endpoint0", "--rate", "20", "--duration", "250ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("errors=5 .*failures: refused=5");
        assertThat(run.out()).containsPattern("(?m)^refused +5 +100\\.0%$");
    }

    @Test
    void printsTheReportAsJsonOnStdoutAndTheIntervalsOnStderr() throws IOException {
        Run run = Run.of("load", server.url("/version").toString(), "--rate", "40", "--duration", "500ms",
                "--interval", "250ms", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("t=0\\.25s  sent=\\d+");
        JsonNode report = ApiClient.json().readTree(run.out());
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("totals").path("sent").asLong()).isEqualTo(20);
        assertThat(report.path("totals").path("statuses").path("200").asLong()).isEqualTo(20);
        assertThat(report.path("totals").path("versions").path("1.0").asLong()).isEqualTo(20);
        assertThat(report.path("totals").path("latencyMs").path("p99").asDouble()).isPositive();
        assertThat(report.path("intervals")).hasSize(2);
        assertThat(report.path("intervals").path(1).path("endSeconds").asDouble()).isEqualTo(0.5);
        assertThat(report.path("intervals").path(0).path("versions").path("1.0").asLong()
                + report.path("intervals").path(1).path("versions").path("1.0").asLong()).isEqualTo(20);
    }

    @Test
    void rejectsOptionsOutOfRangeAsUsageErrors() {
        Run negativeRate = Run.of("load", server.url("/").toString(), "--rate", "-1");
        Run notHttp = Run.of("load", "ftp://127.0.0.1/");
        Run badDuration = Run.of("load", server.url("/").toString(), "--duration", "soon");

        assertThat(negativeRate.exitCode()).isEqualTo(2);
        assertThat(negativeRate.err()).contains("cutover: --rate: -1 (expected: 0..10000000, 0 for as fast as possible)");
        assertThat(notHttp.exitCode()).isEqualTo(2);
        assertThat(notHttp.err()).contains("cutover: URL: ftp://127.0.0.1/ (expected: an http:// URL)");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'soon' (expected: a duration like 30s, 2m, 1.5s, 500ms or 30d)");
    }

    /** The value of {@code name=N} on each interval line ({@code t=...}), in order. */
    private static java.util.List<Integer> intervalCounts(String out, String name) {
        java.util.List<Integer> counts = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^t=\\S+.*?  " + java.util.regex.Pattern.quote(name)
                + "=(\\d+)").matcher(out);
        while (m.find()) {
            counts.add(Integer.parseInt(m.group(1)));
        }
        return counts;
    }
}
