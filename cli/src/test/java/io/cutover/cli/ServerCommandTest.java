package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.controller.ServerOptions;
import io.cutover.controller.api.tls.TlsFiles;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {

    private static ServerOptions optionsFor(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    @Test
    void defaultsToLoopbackApiPublicRouterAndALocalDataDirectory() {
        ServerOptions options = optionsFor();

        assertThat(options).isEqualTo(new ServerOptions(Path.of("cutover-data").toAbsolutePath(),
                "127.0.0.1", 7700, "0.0.0.0", 8080, true));
    }

    @Test
    void takesAddressesDataDirectoryAndNoRouter() {
        ServerOptions options = optionsFor("--data-dir", "/tmp/x/../data", "--api-addr", "0.0.0.0:0",
                "--router-addr", "127.0.0.1:9090", "--no-router");

        assertThat(options).isEqualTo(new ServerOptions(Path.of("/tmp/data"), "0.0.0.0", 0, "127.0.0.1", 9090, false));
    }

    @Test
    void aPortAloneKeepsEachOptionsDefaultHost() {
        ServerOptions options = optionsFor("--api-addr", ":7800", "--router-addr", ":0");

        assertThat(options.apiHost()).isEqualTo("127.0.0.1");
        assertThat(options.apiPort()).isEqualTo(7800);
        assertThat(options.routerHost()).isEqualTo("0.0.0.0");
        assertThat(options.routerPort()).isZero();
    }

    @Test
    void takesTheApisCertificateAndKeyTogether() {
        assertThat(optionsFor().apiTls()).isNull();
        assertThat(optionsFor("--tls-cert", "/etc/cutover/../tls/api.crt", "--tls-key", "/etc/tls/api.key").apiTls())
                .isEqualTo(new TlsFiles(Path.of("/etc/tls/api.crt"), Path.of("/etc/tls/api.key")));
        assertThatThrownBy(() -> optionsFor("--tls-cert", "api.crt"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--tls-key");
        assertThatThrownBy(() -> optionsFor("--tls-key", "api.key"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--tls-cert");
    }

    @Test
    void printsAddressesAsUrls() {
        assertThat(ServerCommand.url("https", new InetSocketAddress("127.0.0.1", 7700))).isEqualTo("https://127.0.0.1:7700");
        assertThat(ServerCommand.url(new InetSocketAddress("127.0.0.1", 7700))).isEqualTo("http://127.0.0.1:7700");
        assertThat(ServerCommand.url(InetSocketAddress.createUnresolved("::1", 80))).isEqualTo("http://[::1]:80");
    }
}
