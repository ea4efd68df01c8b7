package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.controller.RouterTls;
import io.cutover.controller.ServerOptions;
import io.cutover.controller.runtime.RuntimeChoice;
import io.cutover.controller.ha.HaOptions;
import io.cutover.controller.ha.LeaseTimes;
import io.cutover.controller.api.tls.TlsFiles;
import io.cutover.controller.store.StoreUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {

    private static ServerOptions optionsFor(String... args) {
        return optionsWith(Map.of(), args);
    }

    private static ServerOptions optionsWith(Map<String, String> env, String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command.options(env);
    }

    @TempDir
    Path dir;

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
    void takesTheEmbeddedRoutersTlsListenerWithOrWithoutACertificateDirectory() {
        ServerOptions options = optionsFor("--router-tls-addr", ":8443", "--router-tls-dir", "/tmp/x/../certs");

        assertThat(options.routerTls()).isEqualTo(new RouterTls("0.0.0.0", 8443, Path.of("/tmp/certs")));
        assertThat(optionsFor().routerTls()).isNull();
        assertThat(optionsFor("--router-tls-addr", ":8443").routerTls()).as("only certificates added through the API")
                .isEqualTo(new RouterTls("0.0.0.0", 8443, null));
        assertThatThrownBy(() -> optionsFor("--router-tls-dir", "/c"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--router-tls-addr");
        assertThatThrownBy(
                        () -> optionsFor("--router-tls-addr", ":8443", "--router-tls-dir", "/c", "--no-router"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--no-router");
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
    void theStoreIsSqliteInTheDataDirectoryUnlessNamed() {
        assertThat(optionsFor("--data-dir", "/var/lib/cutover").store()).isNull();
        assertThat(optionsFor("--data-dir", "/var/lib/cutover").storeUrl()).isEqualTo(new StoreUrl.Sqlite(Path.of("/var/lib/cutover")));
        assertThat(optionsFor("--store", "sqlite:/srv/../srv/store").store()).isEqualTo(new StoreUrl.Sqlite(Path.of("/srv/store")));
        assertThat(optionsFor("--store", "postgresql://cutover:pw@db:6432/deploys").store())
                .isEqualTo(new StoreUrl.Postgres("db", 6432, "deploys", "cutover", "pw", Map.of()));
        assertThat(optionsFor("--store", "jdbc:postgresql://db/deploys?user=cutover").store())
                .isEqualTo(new StoreUrl.Postgres("db", 5432, "deploys", "cutover", null, Map.of()));
    }

    @Test
    void thePostgresqlPasswordComesFromTheUrlElseThePasswordFileElsePgpassword() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        Map<String, String> env = Map.of("PGPASSWORD", "from-env");
        String url = "postgresql://cutover@db/deploys";

        assertThat(password(optionsWith(env, "--store", url, "--store-password-file", file.toString()))).isEqualTo("from-file");
        assertThat(password(optionsWith(env, "--store", url))).isEqualTo("from-env");
        assertThat(password(optionsWith(env, "--store", "postgresql://cutover:from-url@db/deploys"))).isEqualTo("from-url");
        assertThat(password(optionsFor("--store", url))).isNull();
    }

    @Test
    void aBadStoreIsRefusedNamingTheOptionAndTheProblem() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "secret");

        assertThatThrownBy(() -> optionsFor("--store", "mysql://db/x")).hasMessageStartingWith("--store: a store URL starts with");
        assertThatThrownBy(() -> optionsFor("--store", "postgresql://db/x")).hasMessageStartingWith("--store: names no user");
        assertThatThrownBy(() -> optionsFor("--store", "postgresql://u:p@db/x", "--store-password-file", file.toString()))
                .hasMessage("--store-password-file: the store URL has a password already; give it once");
        assertThatThrownBy(() -> optionsFor("--store", "sqlite:/srv", "--store-password-file", file.toString()))
                .hasMessage("--store-password-file: --store names a SQLite store, which has no password");
        assertThatThrownBy(() -> optionsFor("--store-password-file", file.toString()))
                .hasMessage("--store-password-file: there is no --store to give a password to");
        assertThatThrownBy(() -> optionsFor("--store", "postgresql://u@db/x", "--store-password-file", dir.resolve("nope").toString()))
                .hasMessageStartingWith("--store-password-file: cannot read " + dir.resolve("nope"));
    }

    @Test
    void aBadStoreStopsTheServerCommandWithAUsageError() {
        CliRun run = CliRun.of("server", "--store", "postgresql://db:5432/deploys", "--data-dir", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover: --store: names no user");
    }

    @Test
    void takesTheLeaseTimingAndTheAdvertisedAddress() {
        assertThat(optionsFor().ha()).isEqualTo(HaOptions.DEFAULTS);

        ServerOptions options = optionsFor("--lease-ttl", "3s", "--lease-renew", "500ms", "--advertise-url", "https://ctl-1:7700");

        assertThat(options.ha().lease()).isEqualTo(new LeaseTimes(Duration.ofSeconds(3), Duration.ofMillis(500)));
        assertThat(options.ha().advertise()).hasToString("https://ctl-1:7700");
    }

    @Test
    void aLeaseThatOneLateRenewalWouldLoseAndABadAdvertisedAddressAreRefused() {
        assertThatThrownBy(() -> optionsFor("--lease-ttl", "1s", "--lease-renew", "1s"))
                .hasMessageStartingWith("lease-ttl: 1000 ms is less than twice lease-renew (1000 ms)");
        assertThatThrownBy(() -> optionsFor("--advertise-url", "ctl-1:7700"))
                .hasMessageStartingWith("advertise-url: \"ctl-1:7700\" (expected: http://HOST:PORT or https://HOST:PORT)");

        CliRun run = CliRun.of("server", "--lease-ttl", "1s", "--data-dir", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("cutover: lease-ttl: 1000 ms is less than twice lease-renew");
    }

    @Test
    void runsInstancesLocallyUnlessTheKubernetesRuntimeIsChosenWithItsNamespace() {
        assertThat(optionsFor().runtime()).isEqualTo(RuntimeChoice.LOCAL);
        assertThat(optionsFor("--runtime", "kubernetes", "--namespace", "shop", "--kubernetes-api", "https://k8s:6443").runtime())
                .isEqualTo(new RuntimeChoice.Kubernetes("shop", "https://k8s:6443"));
        assertThat(optionsFor("--runtime", "kubernetes").runtime()).isEqualTo(new RuntimeChoice.Kubernetes(null, null, "busybox:1.37"));
        assertThat(optionsFor("--runtime", "kubernetes", "--identity-image", "registry.example/busybox:1.37").runtime())
                .isEqualTo(new RuntimeChoice.Kubernetes(null, null, "registry.example/busybox:1.37"));

        assertThatThrownBy(() -> optionsFor("--runtime", "docker"))
                .hasMessage("--runtime: \"docker\" (expected: local or kubernetes)");
        assertThatThrownBy(() -> optionsFor("--namespace", "shop")).hasMessage("--namespace: only with --runtime kubernetes");
        assertThatThrownBy(() -> optionsFor("--runtime", "kubernetes", "--namespace", "Shop_1"))
                .hasMessageStartingWith("--namespace: \"Shop_1\" (expected: a Kubernetes namespace");
        assertThatThrownBy(() -> optionsFor("--identity-image", "busybox:1.37")).hasMessage("--identity-image: only with --runtime kubernetes");
        assertThatThrownBy(() -> optionsFor("--runtime", "kubernetes", "--identity-image", "busy box"))
                .hasMessageStartingWith("--identity-image: \"busy box\" (expected: an image reference");
    }

    private static String password(ServerOptions options) {
        return ((StoreUrl.Postgres) options.store()).password();
    }

    @Test
    void printsAddressesAsUrls() {
        assertThat(ServerCommand.url("https", new InetSocketAddress("127.0.0.1", 7700))).isEqualTo("https://127.0.0.1:7700");
        assertThat(ServerCommand.url(new InetSocketAddress("127.0.0.1", 7700))).isEqualTo("http://127.0.0.1:7700");
        assertThat(ServerCommand.url(InetSocketAddress.createUnresolved("::1", 80))).isEqualTo("http://[::1]:80");
    }
}
