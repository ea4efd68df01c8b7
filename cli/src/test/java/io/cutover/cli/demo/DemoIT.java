package io.cutover.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code cutover demo} with a real server, real simpleservice processes and real traffic through the router. */
class DemoIT {

    @Test
    void deploysSendsTrafficWithoutFailuresAndLeavesNothingBehind() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = Main.run(new String[] {"demo", "--instances", "2", "--seconds", "1", "--concurrency", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("deploying hello x2…", "2/2 instances routable in ", "sending traffic for 1s…",
                "answered by 2 instances; failures: 0 (0 non-200, 0 without an answer)", "app deleted, ");
        Matcher dataDir = Pattern.compile("data in (\\S+)").matcher(printed);
        assertThat(dataDir.find()).isTrue();
        assertThat(Files.exists(Path.of(dataDir.group(1)))).as("the temporary data directory is removed").isFalse();
    }
}
