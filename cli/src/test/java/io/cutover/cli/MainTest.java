package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    private static String deadServer;

    @BeforeAll
    static void findAPortNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            deadServer = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @Test
    void exitsWithThreeAndSaysHowToStartAServerWhenNoneAnswers() {
        CliRun run = CliRun.of("apps", "--server", deadServer);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("cutover: cannot reach the Cutover server at " + deadServer
                + " (connection refused) — start it with 'cutover server' or set CUTOVER_SERVER\n");
    }

    @Test
    void everyClientCommandReportsAnUnreachableServerTheSameWay() {
        String[][] commands = {
            {"apps"}, {"app", "hello"}, {"instances", "hello"}, {"scale", "hello", "3"}, {"delete", "hello"},
            {"routes"}, {"map-route", "api", "hello"}, {"unmap-route", "api"}, {"logs", "hello"}, {"events"},
            {"events", "--follow"}, {"apply", "-f", "src/test/resources/hello.yaml"},
            {"deploy", "-f", "src/test/resources/hello.yaml"}, {"plan", "-f", "src/test/resources/hello.yaml"},
            {"deployments"}, {"deployments", "hello", "--active"}, {"deployment", "7"}, {"deployment", "7", "--follow"},
            {"cancel", "hello"}
        };
        for (String[] command : commands) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--server", deadServer)).toArray(String[]::new);

            CliRun run = CliRun.of(args);

            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(3);
            assertThat(run.err()).as(String.join(" ", command)).startsWith("cutover: cannot reach the Cutover server at")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void worksTheSameWhenBuiltWithAPlainCommandLine() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("routes", "--server", deadServer);

        assertThat(exitCode).isEqualTo(3);
        assertThat(err.toString()).startsWith("cutover: cannot reach the Cutover server at " + deadServer);
    }

    @Test
    void versionPrintsTheClientVersionAndSaysTheServerIsNotReachable() {
        CliRun run = CliRun.of("version", "--server", deadServer);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("cutover 0.1.0\nserver: not reachable at " + deadServer + "\n");
    }

    @Test
    void versionFlagPrintsTheVersion() {
        assertThat(CliRun.of("--version").out()).isEqualTo("cutover 0.1.0\n");
        assertThat(CliRun.of("apps", "--version").out()).isEqualTo("cutover 0.1.0\n");
    }

    @Test
    void acceptsJsonOrTableOutputInAnyCase() {
        assertThat(CliRun.of("apps", "-o", "json", "--server", deadServer).exitCode()).isEqualTo(3);
        assertThat(CliRun.of("apps", "--output", "JSON", "--server", deadServer).exitCode()).isEqualTo(3);
        assertThat(CliRun.of("apps", "--output=table", "--server", deadServer).exitCode()).isEqualTo(3);
    }

    @Test
    void rejectsAnUnknownOutputFormatAsAUsageErrorNamingTheOption() {
        CliRun run = CliRun.of("apps", "-o", "yaml", "--server", deadServer);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover: Invalid value for option '--output': 'yaml' (expected: table or json)\n")
                .contains("Run 'cutover apps --help' for usage.");
    }

    @Test
    void rejectsAServerThatIsNotAUrl() {
        CliRun run = CliRun.of("apps", "--server", "ftp://example.org");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover: Invalid value for option '--server' (URL[,URL…]): 'ftp://example.org' (expected: a URL like");
    }

    @Test
    void acceptsAServerWithoutScheme() {
        CliRun run = CliRun.of("apps", "--server", deadServer.substring("http://".length()) + "/");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("at " + deadServer + " (connection refused)");
    }

    @Test
    void rejectsABadApiAddressAsAUsageErrorNamingTheOption() {
        for (String bad : new String[] {"7700", "localhost", "host:", "host:http", "host:70000", ":-1", "::1:80"}) {
            CliRun run = CliRun.of("server", "--api-addr", bad);

            assertThat(run.exitCode()).as(bad).isEqualTo(2);
            assertThat(run.err()).as(bad).startsWith("cutover: Invalid value for option '--api-addr': '" + bad + "'");
        }
        CliRun router = CliRun.of("server", "--router-addr", "nope");
        assertThat(router.exitCode()).isEqualTo(2);
        assertThat(router.err()).startsWith("cutover: Invalid value for option '--router-addr'");
        CliRun threads = CliRun.of("router", "--controller", "http://127.0.0.1:9", "--io-threads", "-1");
        assertThat(threads.exitCode()).isEqualTo(2);
        assertThat(threads.err()).contains("--io-threads: -1 (expected: 1..1024, or 0 for one per CPU)");
    }

    @Test
    void suggestsTheCommandMeantForATypo() {
        CliRun run = CliRun.of("aps");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'aps'").contains("cutover apps");
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertThat(CliRun.of("apply").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("scale", "hello").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("scale", "hello", "many").err()).contains("'many'");
        assertThat(CliRun.of("deployment", "seven").err()).contains("'seven'");
        assertThat(CliRun.of("cancel").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("plan").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("apply", "-f", "x.yaml", "--wait", "--timeout", "soon").err())
                .startsWith("cutover: Invalid value for option '--timeout': 'soon' (expected: a duration like 30s, 2m, 1.5s, 500ms or 30d)");
    }

    @Test
    void noCommandPrintsUsageAndExitsWithTwo() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: cutover").contains("apply").contains("demo");
    }

    @Test
    void theDemoRefusesARuntimeItDoesNotHaveBeforeStartingAnything() {
        CliRun run = CliRun.of("demo", "--runtime", "docker");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover: --runtime: \"docker\" (expected: local or kubernetes)");
    }

    @Test
    void aMissingManifestFileIsAnErrorWithoutAStackTrace() {
        CliRun run = CliRun.of("apply", "-f", "does-not-exist.yaml", "--server", deadServer);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("cutover: no such file: does-not-exist.yaml\n");
    }
}
