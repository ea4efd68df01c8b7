package io.cutover.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.controller.testing.RunningServer;
import io.cutover.controller.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A whole server on a real PostgreSQL store: it deploys, serves and survives a restart from what PostgreSQL holds. */
class PostgresServerIT {

    @RegisterExtension
    @Order(1)
    final TestPostgres postgres = TestPostgres.perTest();

    @RegisterExtension
    @Order(2)
    final RunningServer server = RunningServer.perTest().onStore(postgres::url);

    @Test
    void deploysTheExampleAppWithItsStateInPostgresqlAndKeepsItAcrossARestart() throws SQLException {
        JsonNode app = server.deploy(RunningServer.simpleservice("hello", 2, "1.0", ""));

        assertThat(app.get("revision").asInt()).isEqualTo(1);
        RunningServer.Response answer = server.viaRouter("hello.localhost", "/endpoint0");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("version").asText()).isEqualTo("1.0");
        // the state is in PostgreSQL, not in a SQLite file; the data directory keeps the rest
        assertThat(rows("SELECT name FROM apps")).containsExactly("hello");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rows("SELECT status || ' ' || reason FROM deployments")).containsExactly("FINALIZED DEPLOYED"));
        assertThat(rows("SELECT type FROM events")).contains("deployment_started", "instance_started", "deployment_finished");
        assertThat(rows("SELECT name FROM tokens")).containsExactly("admin");
        assertThat(server.dataDir().resolve("cutover.db")).doesNotExist();
        assertThat(server.dataDir().resolve("admin.token")).exists();
        List<Long> pids = server.instances("hello").stream().map(i -> i.get("pid").asLong()).toList();

        server.restart();

        server.awaitRoutable("hello", 2);
        assertThat(server.instances("hello").stream().map(i -> i.get("pid").asLong()).toList())
                .containsExactlyInAnyOrderElementsOf(pids);
        assertThat(server.viaRouter("hello.localhost", "/endpoint0").status()).isEqualTo(200);
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }
}
