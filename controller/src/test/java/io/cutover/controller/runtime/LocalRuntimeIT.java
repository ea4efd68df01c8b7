package io.cutover.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.core.manifest.RunSpec;
import java.nio.file.Path;
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
}
