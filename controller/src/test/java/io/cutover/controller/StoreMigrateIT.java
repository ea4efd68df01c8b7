package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.store.StoreCopy;
import io.cutover.controller.store.StoreUrl;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A single-machine install moved to PostgreSQL ({@code cutover store migrate}'s copy) carries on where it stood. */
class StoreMigrateIT {

    @RegisterExtension
    @Order(1)
    final TestPostgres postgres = TestPostgres.perTest();

    @RegisterExtension
    @Order(2)
    final RunningServer server = RunningServer.perTest();

    @Test
    void aServerMovedFromSqliteToPostgresqlAdoptsItsInstancesAndGoesOnWithItsIdsAndTokens() {
        server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));
        String deployer = server.createToken("ci", "deployer");
        List<Long> pids = pids();
        List<JsonNode> eventsBefore = events();

        server.stopServer();
        StoreCopy.copy(new StoreUrl.Sqlite(server.dataDir()), postgres.url());
        server.startServerOn(postgres.url());

        server.awaitRoutable("hello", 2);
        assertThat(pids()).containsExactlyInAnyOrderElementsOf(pids);
        // the log as it was, then what the restarted server adds (adopting its instances, say)
        assertThat(events()).startsWith(eventsBefore.toArray(JsonNode[]::new));
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).isEqualTo(200);
        // the copied token still works, and the log goes on after the copied ids
        RunningServer.Response applied = server.api("POST", "/v1/apps",
                RunningServer.simpleservice("hello", 2, "2.0", ""), "application/yaml", deployer);
        assertThat(applied.status()).as(applied.body()).isLessThan(300);
        server.awaitFinalized(RunningServer.deploymentOf(applied), Duration.ofSeconds(60));
        List<JsonNode> events = events();
        assertThat(events).hasSizeGreaterThan(eventsBefore.size());
        assertThat(events.stream().map(e -> e.get("id").asLong()).toList()).isSorted().doesNotHaveDuplicates();
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").json().get("version").asText()).isEqualTo("2.0");
    }

    private List<Long> pids() {
        return server.instances("hello").stream().map(i -> i.get("pid").asLong()).toList();
    }

    private List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        server.get("/v1/events?limit=10000").json().forEach(events::add);
        return events;
    }
}
