package io.cutover.controller.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.ControllerRecord;
import io.cutover.controller.store.Fence;
import io.cutover.controller.store.RouterRecord;
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

    private static final Duration ROUTER_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    private Store store;
    private RoutePublisher routes;

    @BeforeEach
    void open() {
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(dir);
        routes = new RoutePublisher(store, new EventLog(store, clock), null, clock, ROUTER_TIMEOUT);
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

    @Test
    void aChangeAndTheGenerationThatCarriesItAreWrittenTogetherOrNotAtAll() {
        routes.publish();
        long before = store.generation();

        RoutePublisher.Changed<String> mapped = routes.change("web", tx -> {
            tx.putRoute(new Route("shop.localhost", "/", "web", Route.Source.API));
            return "mapped";
        });

        assertThat(mapped.result()).isEqualTo("mapped");
        assertThat(mapped.generation()).isEqualTo(before + 1).isEqualTo(store.generation());
        assertThat(routes.current().generation()).isEqualTo(mapped.generation());
        assertThat(routes.current().routes()).extracting(RouteEntry::host).contains("shop.localhost", "api.localhost");

        assertThatThrownBy(() -> routes.change("web", tx -> {
            tx.putRoute(new Route("gone.localhost", "/", "web", Route.Source.API));
            throw new IllegalStateException("refused");
        })).hasMessage("refused");

        assertThat(store.generation()).as("no generation taken").isEqualTo(mapped.generation());
        assertThat(store.route("gone.localhost", "/")).isEmpty();
        assertThat(routes.current().generation()).as("nothing published").isEqualTo(mapped.generation());
    }

    @Test
    void theRoutersOfTheLastLeaderCountUntilTheyReconnectOrTheRouterTimeoutPasses() throws Exception {
        store.transaction(tx -> {
            tx.putRouter(new RouterRecord("edge", "127.0.0.1:8080", "routers", Instant.now()));
            return null;
        });

        long generation = routes.publish(); // this term's first table

        assertThat(routes.hub().awaitApplied(generation, Duration.ofMillis(200)))
                .as("the change waits for the router that followed the last leader").containsExactly("edge (at generation 0)");
        assertThat(routes.inFlight("web-1-a")).as("what it has in flight is unknown: not idle").isEqualTo(1);
        // it never comes back: after the router timeout it is lost, and forgotten by the store
        await().atMost(Duration.ofSeconds(5)).until(() -> routes.hub().awaitApplied(generation, Duration.ZERO).isEmpty());
        assertThat(routes.inFlight("web-1-a")).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.routers().isEmpty());
    }
}
