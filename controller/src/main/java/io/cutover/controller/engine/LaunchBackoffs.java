package io.cutover.controller.engine;

import io.cutover.core.deploy.LaunchBackoff;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each app's launch backoff, in memory: a restarted server starts every app without one. */
final class LaunchBackoffs {

    private final Map<String, LaunchBackoff> byApp = new ConcurrentHashMap<>();

    LaunchBackoff of(String app) {
        return byApp.getOrDefault(app, LaunchBackoff.NONE);
    }

    /** One more instance of {@code app} failed (exited, turned unhealthy, could not launch). */
    void failed(String app, Instant now) {
        byApp.merge(app, LaunchBackoff.NONE.afterFailure(now), (old, first) -> old.afterFailure(now));
    }

    /** {@code app} launches at once again (an instance turned healthy, a deployment ended). */
    void reset(String app) {
        byApp.remove(app);
    }
}
