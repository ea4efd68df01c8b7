package io.cutover.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.client.ApiClient;
import java.io.IOException;

/** API answers for the tests of the client and of the commands. */
public final class ApiJson {

    /** The API's example: a rolling deployment half-way. */
    public static final String DEPLOYING = """
            {"id": 7, "app": "hello", "strategy": "rolling",
             "fromRevision": 1, "toRevision": 2,
             "status": "ACTIVE", "reason": "DEPLOYING",
             "message": "2 of 4 new instances ready; 2 old instances left",
             "failure": null,
             "bounds": {"minHealthy": 4, "maxCapacity": 8},
             "step": 2, "steps": 4,
             "progress": {"newRoutable": 2, "newLive": 4, "oldLive": 2, "oldRemaining": 2},
             "instances": [{"revision": 1, "total": 2, "routable": 2, "starting": 0, "stopping": 0},
                           {"revision": 2, "total": 4, "routable": 2, "starting": 2, "stopping": 0}],
             "launchFailures": 0,
             "createdAt": "2026-11-22T10:00:00.120Z", "updatedAt": "2026-11-22T10:00:06Z",
             "progressAt": "2026-11-22T10:00:05.5Z", "finishedAt": null}""";

    private ApiJson() {}

    /** Parses JSON text with the client's mapper. */
    public static JsonNode json(String text) {
        try {
            return ApiClient.json().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
