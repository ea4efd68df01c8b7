package io.cutover.cli;

import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentsCommandTest {

    @Test
    void listsDeploymentsWithTheirStepAndAge() {
        String text = DeploymentsCommand.table(json("""
                [{"id": 9, "app": "hello", "strategy": "rolling", "fromRevision": 2, "toRevision": 3,
                  "status": "ACTIVE", "reason": "DEPLOYING", "step": 1, "steps": 4, "createdAt": "2026-11-22T10:09:50Z"},
                 {"id": 7, "app": "hello", "strategy": "rolling", "fromRevision": 1, "toRevision": 2,
                  "status": "FINALIZED", "reason": "DEPLOYED", "step": 4, "steps": 4, "createdAt": "2026-11-22T09:58:00Z"},
                 {"id": 1, "app": "hello", "strategy": "rolling", "fromRevision": 0, "toRevision": 1,
                  "status": "FINALIZED", "reason": "DEPLOYED", "step": null, "createdAt": "2026-11-21T08:00:00Z"}]"""),
                Instant.parse("2026-11-22T10:10:00Z")).render();

        assertThat(text).isEqualTo("""
                ID  APP    STRATEGY  FROM  TO  STATUS     REASON     STEP  STARTED
                9   hello  rolling   2     3   ACTIVE     DEPLOYING  1/4   10s ago
                7   hello  rolling   1     2   FINALIZED  DEPLOYED   4/4   12m ago
                1   hello  rolling   -     1   FINALIZED  DEPLOYED   -     1d2h ago
                """);
    }
}
