package io.cutover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.runtime.InstanceRuntime.Launched;
import io.cutover.controller.runtime.LocalRuntime;
import io.cutover.controller.runtime.RuntimeFixtures;
import io.cutover.controller.store.SqliteStore;
import io.cutover.controller.store.Store;
import io.cutover.controller.store.StoredEvent;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop sequence on real processes (no routers, so nothing is in flight): drained, SIGTERM, and SIGKILL
 * only for a process still running after the grace period, each phase an event.
 */
class StopSequenceTest {

    @TempDir
    Path dir;

    private Store store;
    private EventLog events;
    private RoutePublisher routes;
    private LocalRuntime runtime;
    private StopSequence stops;
    private final List<Launched> started = new ArrayList<>();

    @BeforeEach
    void start() {
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(dir.resolve("data"));
        events = new EventLog(store, clock);
        routes = new RoutePublisher(store, events, null, clock, Duration.ofSeconds(5));
        runtime = new LocalRuntime(dir, dir.resolve("logs"));
        stops = new StopSequence(runtime, routes, events, clock);
    }

    @AfterEach
    void stop() throws Exception {
        for (Launched launched : started) {
            runtime.kill(launched);
            launched.exit().get();
        }
        routes.close();
        store.close();
    }

    private Instance launch(String id, String command) {
        Launched launched = runtime.launch(RuntimeFixtures.launch(id, command, Duration.ofSeconds(5)));
        started.add(launched);
        return new Instance(id, "a", 1, launched.host(), launched.port(), launched.pid(), launched.processStart(),
                InstanceState.STOPPING, Health.HEALTHY, true, Instant.now(), runtime.logLocation(id));
    }

    private List<StoredEvent> eventsOf(String id) {
        return store.events(0, 100, "a").stream().filter(e -> e.data().contains(id)).toList();
    }

    @Test
    void aProcessThatHonoursSigtermIsNotKilled() {
        Instance instance = launch("a-1-term", "exec sleep 30");

        stops.start(instance, started.get(0), 0, 5, 10);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.get(0).exit().isDone());
        await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(instance.id()).size() >= 2);
        assertThat(eventsOf(instance.id())).extracting(StoredEvent::type).containsExactly("instance_drained", "instance_terminating");
        assertThat(eventsOf(instance.id()).get(0).data()).contains("\"timedOut\":false");
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriod() {
        Instance instance = launch("a-1-stubborn", "trap '' TERM; sleep 30; true");

        stops.start(instance, started.get(0), 0, 5, 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> started.get(0).exit().isDone());
        await().atMost(Duration.ofSeconds(5)).until(() -> eventsOf(instance.id()).size() >= 3);
        assertThat(eventsOf(instance.id())).extracting(StoredEvent::type)
                .containsExactly("instance_drained", "instance_terminating", "instance_killed");
    }
}
