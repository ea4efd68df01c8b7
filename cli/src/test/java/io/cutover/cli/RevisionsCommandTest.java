package io.cutover.cli;

import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RevisionsCommandTest {

    @Test
    void marksTheCurrentRevisionAndAFailedHash() {
        StringWriter text = new StringWriter();
        RevisionsCommand.table(json("""
                [{"number": 1, "hash": "aaa111", "createdAt": "2026-12-01T10:00:00Z", "deployedAt": "2026-12-01T10:00:05Z",
                  "outcome": "DEPLOYED", "current": true, "failed": null},
                 {"number": 2, "hash": "bbb222", "createdAt": "2026-12-01T10:01:00Z", "deployedAt": null,
                  "outcome": "FAILED", "current": false, "failed": {"deployment": 2, "at": "2026-12-01T10:01:30Z", "reason": "crash"}}]
                """)).printTo(new PrintWriter(text, true));

        assertThat(text.toString()).contains("REVISION  HASH").contains("1*  aaa111").contains("2!  bbb222")
                .contains("DEPLOYED").contains("FAILED");
    }
}
