package io.cutover.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.core.manifest.RunSpec;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRuntimeIT {

    @TempDir
    Path dir;
    private LocalRuntime runtime;
    private final List<Launched> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Launched launched : started) {
            runtime.kill(launched);
            launched.exit().get(10, TimeUnit.SECONDS);
        }
    }

    private Launched launch(String id, String command) {
        if (runtime == null) {
            runtime = new LocalRuntime(Path.of("."), dir);
        }
        Launched launched = runtime.launch(id, new RunSpec(command, Map.of(), null));
        started.add(launched);
        return launched;
    }

    @Test
    void findsAProcessByItsInstanceIdAlone() {
        Launched launched = launch("hello-1-abc", "exec sleep 30");

        Launched found = runtime.find("hello-1-abc");

        assertThat(found).isNotNull();
        assertThat(found.pid()).isEqualTo(launched.pid());
        assertThat(found.processStart()).isEqualTo(launched.processStart());
        assertThat(found.port()).as("the port it was given, read from its environment").isEqualTo(launched.port());
        assertThat(runtime.find("hello-1-ab")).as("a prefix of the id is another instance").isNull();
        assertThat(runtime.find("hello-1-other")).isNull();
    }

    @Test
    void findsTheShellWhenTheCommandForks() {
        Launched launched = launch("hello-1-fork", "sleep 30; true");

        Launched found = runtime.find("hello-1-fork");

        assertThat(found).isNotNull();
        assertThat(found.pid()).as("the shell, whose child carries the same id").isEqualTo(launched.pid());
    }

    @Test
    void keepsAnInstancesOutputAndReadsItsLastLinesThenWhatItAdds() throws Exception {
        Launched launched = launch("hello-1-logs", "printf 'one\\ntwo\\nthree\\n'; sleep 0.3; printf 'four\\nfi'; sleep 30");
        Instance instance = new Instance("hello-1-logs", "hello", 1, launched.host(), launched.port(), launched.pid(),
                launched.processStart(), InstanceState.RUNNING, Health.HEALTHY, true, Instant.now(), runtime.logLocation("hello-1-logs"));

        await().atMost(Duration.ofSeconds(5)).until(() -> runtime.tail(instance, 10).lines().contains("three"));
        InstanceRuntime.LogChunk last = runtime.tail(instance, 2);
        assertThat(last.lines()).containsExactly("two", "three");

        await().atMost(Duration.ofSeconds(5)).until(() -> !runtime.since(instance, last.next()).lines().isEmpty());
        InstanceRuntime.LogChunk more = runtime.since(instance, last.next());
        assertThat(more.lines()).as("whole lines only").containsExactly("four");
        assertThat(runtime.since(instance, more.next()).lines()).isEmpty();
    }
}
