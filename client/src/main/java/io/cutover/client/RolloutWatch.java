package io.cutover.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Waits, by polling the API, until every desired instance of an app runs its current revision and
 * takes traffic: {@code instances.routable == instances.desired}, all of them on the app's revision
 * and no routable instance left on an older one.
 */
public final class RolloutWatch {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final ApiClient api;

    /** A watch that polls through {@code api}. */
    public RolloutWatch(ApiClient api) {
        this.api = requireNonNull(api, "api");
    }

    /**
     * Polls until the app is fully routable on its current revision, calling {@code onChange} with the
     * first state and each time it changes.
     *
     * @return the final state
     * @throws CliFailure when {@code timeout} passes first (exit code 1), the app is deleted meanwhile,
     *     or the server fails
     */
    public Progress awaitRoutable(String app, Duration timeout, Consumer<Progress> onChange) {
        requireNonNull(app, "app");
        long deadline = System.nanoTime() + timeout.toNanos();
        Progress last = null;
        while (true) {
            Progress now = observe(app);
            if (!now.equals(last)) {
                onChange.accept(now);
                last = now;
            }
            if (now.done()) {
                return now;
            }
            if ("DELETING".equals(now.status())) {
                throw CliFailure.failed("app " + app + " is being deleted");
            }
            if (System.nanoTime() - deadline >= 0) {
                throw CliFailure.failed("app " + app + " not fully routable after " + seconds(timeout) + ": "
                        + now.describe() + " — see 'cutover instances " + app + "' and 'cutover logs " + app + "'");
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.failed("interrupted while waiting for app " + app);
            }
        }
    }

    /** One look at the app and its instances. */
    public Progress observe(String app) {
        String path = "/v1/apps/" + ApiClient.segment(app);
        JsonNode state = api.find(path).orElseThrow(() -> CliFailure.failed("app \"" + app + "\" not found"));
        JsonNode instances = api.get(path + "/instances");
        return Progress.of(state, instances);
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    /**
     * An app's rollout as seen in one poll.
     *
     * @param status the app's status word ({@code RUNNING}, {@code DEPLOYING}...)
     * @param revision the app's current revision
     * @param desired instances wanted
     * @param running instances running (any revision)
     * @param healthy instances passing their health check (any revision)
     * @param routable instances taking traffic (any revision)
     * @param routableCurrent routable instances of the current revision
     */
    public record Progress(
            String status, int revision, int desired, int running, int healthy, int routable, int routableCurrent) {

        public Progress {
            Objects.requireNonNull(status, "status");
        }

        /** Reads an {@code App} and its {@code [Instance]} as the API returns them. */
        public static Progress of(JsonNode app, JsonNode instances) {
            int revision = app.path("revision").asInt();
            JsonNode counts = app.path("instances");
            int routableCurrent = 0;
            for (JsonNode instance : instances) {
                if (instance.path("routable").asBoolean() && instance.path("revision").asInt() == revision) {
                    routableCurrent++;
                }
            }
            return new Progress(app.path("status").asText("UNKNOWN"), revision,
                    counts.path("desired").asInt(), counts.path("running").asInt(),
                    counts.path("healthy").asInt(), counts.path("routable").asInt(), routableCurrent);
        }

        /** Whether every desired instance takes traffic, all on the current revision. */
        public boolean done() {
            return routable == desired && routableCurrent == desired;
        }

        /** For progress lines: {@code 2/4 instances routable (3 running, 2 healthy), revision 2, DEPLOYING}. */
        public String describe() {
            String text = routableCurrent + "/" + desired + " instances routable (" + running + " running, "
                    + healthy + " healthy";
            if (routable > routableCurrent) { // the two reads may disagree for a moment; show only a real surplus
                text += ", " + (routable - routableCurrent) + " old still routable";
            }
            return text + "), revision " + revision + ", " + status;
        }
    }
}
