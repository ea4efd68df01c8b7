package io.cutover.cli;

import io.cutover.controller.api.tls.TlsFiles;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.controller.CutoverServer;
import io.cutover.controller.ServerOptions;
import io.cutover.core.testing.TestCertificates;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a server whose API is HTTPS only: {@code --tls-ca} says what to trust. */
class TlsClientIT {

    @TempDir
    Path dir;

    private CutoverServer server;
    private Path caFile;

    @BeforeEach
    void start() {
        TestCertificates.ServerFiles files = TestCertificates.serverFiles(dir);
        caFile = files.ca();
        server = CutoverServer.start(ServerOptions.defaults().withDataDir(dir.resolve("data")).withApi("127.0.0.1", 0)
                .withoutRouter().withApiTls(new TlsFiles(files.certificate(), files.key())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String https() {
        return "https://localhost:" + server.apiAddress().getPort();
    }

    @Test
    void talksToTheServerWhenTrustingItsCa() {
        CliRun run = CliRun.of("apps", "-o", "json", "--server", https(), "--tls-ca", caFile.toString(),
                "--token-file", server.adminTokenFile().toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void saysHowToTrustTheServerWhenItsCertificateIsNotTrusted() {
        CliRun run = CliRun.of("apps", "--server", https());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("cutover: no TLS connection to the Cutover server at " + https()
                + " (its certificate is not trusted)")
                .contains("--tls-ca").contains("CUTOVER_TLS_CA");
    }

    @Test
    void namesAnUnreadableTrustFile() {
        Path missing = dir.resolve("missing.pem");

        CliRun run = CliRun.of("apps", "--server", https(), "--tls-ca", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover: --tls-ca: " + missing + ": cannot read it");
    }
}
