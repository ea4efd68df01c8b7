package io.cutover.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessTableTest {

    /**
     * A process whose parent does not reap it (as an instance of a controller frozen by SIGSTOP) stays a
     * zombie: {@link ProcessHandle#onExit} does not complete, {@link ProcessTable#end} does.
     */
    @Test
    void theEndOfAProcessThatIsNotOurChildIsSeenWhenItIsAZombieItsParentHasNotReaped() throws Exception {
        // the shell starts a short sleep, then becomes a long sleep that never waits for it
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.3 & exec sleep 30").start();
        try {
            ProcessHandle child = await().atMost(Duration.ofSeconds(5))
                    .until(() -> parent.toHandle().children().findFirst(), java.util.Optional::isPresent).get();

            CompletableFuture<ProcessHandle> ended = ProcessTable.end(child);

            assertThat(ended.get(10, TimeUnit.SECONDS)).isEqualTo(child);
            assertThat(child.isAlive()).as("a zombie: ended, not reaped").isTrue();
            assertThat(child.onExit().isDone()).isFalse();
            assertThat(ProcessTable.running(child)).isFalse();
        } finally {
            parent.destroyForcibly();
            parent.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
