package io.cutover.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.controller.testing.InstanceProcesses;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private final List<Process> strays = new ArrayList<>();

    @AfterEach
    void stopStrays() {
        strays.forEach(Process::destroyForcibly);
    }

    private Launched launch(String id, String command) {
        return launch(id, command, Duration.ofSeconds(5));
    }

    private Launched launch(String id, String command, Duration grace) {
        Launched launched = runtime().launch(RuntimeFixtures.launch(id, command, grace));
        started.add(launched);
        return launched;
    }

    private LocalRuntime runtime() {
        if (runtime == null) {
            runtime = new LocalRuntime(Path.of("."), dir);
        }
        return runtime;
    }

    /** The processes the instance's shell forked, once there are {@code count}. */
    private static List<ProcessHandle> children(Launched launched, int count) {
        ProcessHandle main = ProcessHandle.of(launched.pid()).orElseThrow();
        return await().atMost(Duration.ofSeconds(5)).until(() -> main.children().toList(), c -> c.size() == count);
    }

    @Test
    void whenTheMainProcessIsKilledTheRestOfTheInstanceIsStoppedBeforeItCountsAsExited() throws Exception {
        Launched launched = launch("tree-1-a", "sleep 300 & sleep 300 & wait");
        List<ProcessHandle> forked = children(launched, 2);

        ProcessHandle.of(launched.pid()).orElseThrow().destroyForcibly();
        launched.exit().get(30, TimeUnit.SECONDS);

        // running, not isAlive: a stopped child re-parented to an init that does not reap stays a zombie
        assertThat(forked).as("processes the killed shell forked").noneMatch(p -> InstanceProcesses.running(p.pid()));
    }

    @Test
    void aProcessLeftBehindThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Launched launched = launch("tree-1-b", "(trap '' TERM; exec sleep 300) & wait", Duration.ofMillis(300));
        ProcessHandle stubborn = children(launched, 1).getFirst();

        ProcessHandle.of(launched.pid()).orElseThrow().destroyForcibly();
        launched.exit().get(30, TimeUnit.SECONDS);

        assertThat(InstanceProcesses.running(stubborn.pid())).as("the child that ignores SIGTERM").isFalse();
    }

    @Test
    void stopsOnlyItsOwnProcessesOfInstancesItNoLongerKnows() throws Exception {
        String ours = dir.toAbsolutePath().normalize().toString();
        Process orphan = stray(ours, "gone-1-aa");
        Process known = stray(ours, "live-1-bb");
        Process anotherRuntimes = stray(dir.resolve("other").toString(), "gone-1-cc");

        List<InstanceRuntime.Orphan> stopped = runtime().stopOrphans("live-1-bb"::equals, Duration.ofSeconds(5));

        assertThat(stopped).containsExactly(new InstanceRuntime.Orphan("gone-1-aa", orphan.pid()));
        assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(known.isAlive()).as("an instance it knows").isTrue();
        assertThat(anotherRuntimes.isAlive()).as("another server's instance").isTrue();
    }

    /** A process with the marks an instance's processes carry, started outside the runtime. */
    private Process stray(String runtimeId, String instanceId) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sleep", "300");
        builder.environment().put("CUTOVER_RUNTIME", runtimeId);
        builder.environment().put("CUTOVER_INSTANCE_ID", instanceId);
        Process process = builder.start();
        strays.add(process);
        return process;
    }

    @Test
    void findsAProcessByItsInstanceIdAlone() {
        Launched launched = launch("hello-1-abc", "exec sleep 30");
        Launched other = launch("hello-1-other", "exec sleep 30");

        // Until the launcher has exec'd /bin/sh, the new process still has the launcher's environment.
        Launched found = await().atMost(Duration.ofSeconds(5)).until(() -> runtime.find("hello-1-abc", Duration.ofSeconds(5)), f -> f != null);

        assertThat(found).isNotNull();
        assertThat(found.pid()).isEqualTo(launched.pid());
        assertThat(found.processStart()).isEqualTo(launched.processStart());
        assertThat(found.port()).as("the port it was given, read from its environment").isEqualTo(launched.port());
        assertThat(runtime.find("hello-1-ab", Duration.ofSeconds(5))).as("a prefix of the id is another instance").isNull();
        assertThat(runtime.find("hello-1-missing", Duration.ofSeconds(5))).isNull();
        assertThat(await().atMost(Duration.ofSeconds(5)).until(() -> runtime.find("hello-1-other", Duration.ofSeconds(5)), f -> f != null)
                .pid()).isEqualTo(other.pid());
    }

    @Test
    void findsTheShellWhenTheCommandForks() {
        Launched launched = launch("hello-1-fork", "sleep 30; true");

        Launched found = await().atMost(Duration.ofSeconds(5)).until(() -> runtime.find("hello-1-fork", Duration.ofSeconds(5)), f -> f != null);

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
