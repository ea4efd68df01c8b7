package io.cutover.controller.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.ControllerRecord;
import io.cutover.controller.store.Fence;
import io.cutover.controller.store.SqliteStore;
import io.cutover.controller.store.Store;
import io.cutover.core.model.Route;
import io.cutover.core.routing.RouteEntry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables a publisher makes: stamped with the store and the term, whole at the start of a term. */
class RoutePublisherTest {

    @TempDir
    Path dir;
    private Store store;
    private RoutePublisher routes;

    @BeforeEach
    void open() {
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(dir);
        routes = new RoutePublisher(store, new EventLog(store, clock), null, clock, Duration.ofSeconds(5));
        store.transaction(tx -> {
            tx.putRoute(new Route("web.localhost", "/", "web", Route.Source.MANIFEST));
            tx.putRoute(new Route("api.localhost", "/", "api", Route.Source.MANIFEST));
            return null;
        });
    }

    @AfterEach
    void close() {
        routes.close();
        store.close();
    }

    @Test
    void eachTableCarriesTheStoresIdentityAndTheTermItsGenerationWasFencedWith() {
        Instant now = Instant.now();
        store.claimLease(new ControllerRecord("c1", "http://c1", "1", now, now), 0, now, Duration.ofSeconds(5));
        store.fence(new Fence.Term("c1", 1));

        routes.publish();

        assertThat(routes.current().term()).isEqualTo(1);
        assertThat(routes.current().store()).isEqualTo(store.id()).isNotEmpty();
        routes.publish("web");
        assertThat(routes.current().term()).isEqualTo(1);
        assertThat(routes.current().store()).isEqualTo(store.id());
    }

    @Test
    void theFirstTableOfATermIsMadeWholeFromTheStoreAndOnlyThenTakenByRouters() {
        assertThat(routes.hub().fresh()).as("nothing published yet: routers are turned away").isFalse();

        routes.publish("web"); // an app's change before the engine's first table: the whole store still decides

        assertThat(routes.current().routes()).extracting(RouteEntry::host).containsExactlyInAnyOrder("web.localhost", "api.localhost");
        assertThat(routes.hub().fresh()).isTrue();

        routes.hub().disconnectRouters(); // this controller stopped leading
        assertThat(routes.hub().fresh()).isFalse();
        store.transaction(tx -> {
            tx.putRoute(new Route("new.localhost", "/", "api", Route.Source.MANIFEST));
            return null;
        });
        routes.publish("web");
        assertThat(routes.current().routes()).extracting(RouteEntry::host).contains("new.localhost");
    }
}
