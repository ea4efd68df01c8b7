package io.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import io.cutover.client.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAppTest {

    @Test
    void deploysSimpleserviceWithChecksARouteAndOneAtATimeRollingDeployments() throws IOException {
        JsonNode manifest = DemoApp.manifest(Path.of("/opt/cutover/simpleservice.jar"), 4, "2.0");

        assertThat(manifest).isEqualTo(ApiClient.json().readTree("""
                {"name": "hello", "instances": 4,
                 "run": {"command": "exec java -Xmx48m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /opt/cutover/simpleservice.jar",
                         "env": {"SIMPLE_SERVICE_VERSION": "2.0", "QUIET": "true"}},
                 "routes": ["hello.localhost"],
                 "healthCheck": {"path": "/health", "intervalSeconds": 1},
                 "readinessCheck": {"path": "/ready"},
                 "strategy": {"type": "rolling", "maxSurge": 1, "maxUnavailable": 0}}"""));
    }

    @Test
    void quotesAJarPathTheShellWouldSplit() {
        assertThat(DemoApp.shellQuoted("/a/b-c_1.2/x.jar")).isEqualTo("/a/b-c_1.2/x.jar");
        assertThat(DemoApp.shellQuoted("/my dir/x.jar")).isEqualTo("'/my dir/x.jar'");
        assertThat(DemoApp.shellQuoted("/it's/x.jar")).isEqualTo("'/it'\\''s/x.jar'");
    }

    @Test
    void findsTheJarUnderCutoverHome(@TempDir Path home) throws IOException {
        Path jar = home.resolve("examples/simpleservice/target/simpleservice.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");

        assertThat(DemoApp.locateJar(null, home.toString())).isEqualTo(jar);
        assertThat(DemoApp.locateJar(home.resolve("missing.jar").toString(), home.toString())).isEqualTo(jar);
    }

    @Test
    void prefersTheJarNamedBySystemProperty(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("other.jar"), "");

        assertThat(DemoApp.locateJar(jar.toString(), "/nowhere")).isEqualTo(jar);
    }

    @Test
    void saysHowToBuildTheJarWhenItIsMissing(@TempDir Path home) {
        assertThatThrownBy(() -> DemoApp.locateJar(null, home.toString()))
                .isInstanceOf(CliFailure.class)
                .hasMessageStartingWith("the demo needs " + home.resolve("examples/simpleservice/target/simpleservice.jar")
                        + ", which is missing — build it with 'mvn -q -B -DskipTests package'");
    }
}
