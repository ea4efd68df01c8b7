package io.cutover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.controller.runtime.LocalRuntime;
import io.cutover.core.manifest.Hooks;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-off hook as a command: its stdout, its environment, its failures. */
class HandoffTest {

    private static final Revision OLD = new Revision("hello", 1, "0123456789ab",
            Manifests.parse("name: hello\nrun: {command: x}\n"), Instant.EPOCH);
    private static final InstanceRuntime RUNTIME = new LocalRuntime(Path.of("").toAbsolutePath(), Path.of("target"));

    private static final List<Instance> BLUE = List.of(new Instance("hello-1-a", "hello", 1, "127.0.0.1", 4100, 1, null,
            InstanceState.RUNNING, Health.HEALTHY, true, Instant.EPOCH, "-"));

    private static Hooks.Handoff command(String command, int timeoutSeconds) {
        return new Hooks.Handoff(command, null, null, timeoutSeconds);
    }

    @Test
    void theCommandsStdoutIsTheHandoffAndItSeesTheOldRevision() {
        Handoff.Outcome outcome = Handoff.run(command("echo \"savepoint of $CUTOVER_APP/$CUTOVER_REVISION at $CUTOVER_INSTANCES\"", 10),
                OLD, BLUE, RUNTIME);

        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.output()).isEqualTo("savepoint of hello/1 at 127.0.0.1:4100");
    }

    @Test
    void aFailingCommandFailsWithItsOutput() {
        Handoff.Outcome outcome = Handoff.run(command("echo partial; echo no space left >&2; exit 4", 10), OLD, BLUE, RUNTIME);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).contains("exited with 4").contains("partial").contains("no space left");
    }

    @Test
    void aCommandRunningOverItsTimeoutIsKilled() {
        Handoff.Outcome outcome = Handoff.run(command("echo started; exec sleep 30", 1), OLD, BLUE, RUNTIME);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.output()).contains("timed out after 1s");
    }
}
