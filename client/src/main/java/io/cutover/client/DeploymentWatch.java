package io.cutover.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Follows a deployment by polling {@code GET /v1/deployments/{id}} until it ends, printing a progress
 * line (and the instances per revision under it) each time something changed.
 *
 * <p>It stops at {@code FINALIZED}, and also at {@code ACTIVE}/{@code PAUSED}: a paused deployment waits
 * for a human and would never end by itself (a canary's timed pause is followed through). A canary
 * waiting at a step is where an apply ends, with exit code 0 and what to run next.
 *
 * <p>{@code cutover apply}, {@code deployment --follow}, {@code cancel} and {@code rollback} follow with it,
 * and so does the demo, the deployments it starts.
 */
public final class DeploymentWatch {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(300);

    private final ApiClient api;
    private final PrintWriter progress;

    /** A watch that polls through {@code api} and prints its progress lines to {@code progress}. */
    public DeploymentWatch(ApiClient api, PrintWriter progress) {
        this.api = requireNonNull(api, "api");
        this.progress = requireNonNull(progress, "progress");
    }

    /**
     * Follows deployment {@code id} to its end, then prints it — the final {@code Deployment} with
     * {@code -o json}, else {@code deployment 7 DEPLOYED in 12.3s} — and returns exit code 0 if it ended
     * with the reason {@code success}.
     *
     * @param success the reason that counts as success: {@code DEPLOYED} after an apply, {@code CANCELED}
     *     after a cancel
     * @throws CliFailure (exit code 1) when it ended otherwise, paused, or {@code timeout} passed first
     */
    public int follow(long id, Duration timeout, String success, PrintWriter out, boolean json) {
        long started = System.nanoTime();
        JsonNode end = await(id, timeout);
        if (DeploymentView.canaryWaits(end)) {
            out.println(json ? ApiClient.pretty(end) : DeploymentView.canaryNext(end));
            out.flush();
            return 0;
        }
        Optional<CliFailure> failure = DeploymentView.failure(end, success);
        if (json) {
            out.println(ApiClient.pretty(end));
        } else if (failure.isEmpty()) {
            out.println(DeploymentView.finished(end, Duration.ofNanos(System.nanoTime() - started)));
        }
        out.flush();
        if (failure.isPresent()) {
            throw failure.get();
        }
        return 0;
    }

    /**
     * Polls until the deployment is finalized or paused, printing what changed.
     *
     * @return its last state
     * @throws CliFailure when {@code timeout} passes first, or the server fails
     */
    JsonNode await(long id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (true) {
            JsonNode now = api.get("/v1/deployments/" + id);
            for (String line : changes(last, now)) {
                progress.println(line);
            }
            progress.flush();
            last = now;
            if (DeploymentView.finalized(now) || (DeploymentView.paused(now) && !DeploymentView.pausedForAWhile(now))) {
                return now;
            }
            if (System.nanoTime() - deadline >= 0) {
                String step = DeploymentView.step(now);
                throw CliFailure.failed("deployment " + id + " not finished after " + amount(timeout) + ": "
                        + DeploymentView.state(now) + (step.isEmpty() ? "" : ", " + step)
                        + " — it goes on; see 'cutover deployment " + id + "'");
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliFailure.failed("interrupted while following deployment " + id);
            }
        }
    }

    /**
     * What to print after a poll: the progress line and the instances under it when either changed
     * since {@code last} (always for the first poll), and the failure's first line when it appeared.
     */
    static List<String> changes(@Nullable JsonNode last, JsonNode now) {
        List<String> lines = new ArrayList<>();
        String progress = DeploymentView.progress(now);
        String instances = DeploymentView.instances(now);
        if (last == null || !progress.equals(DeploymentView.progress(last))
                || !instances.equals(DeploymentView.instances(last))) {
            lines.add(progress);
            if (DeploymentView.showsInstances(now)) {
                lines.add("  " + instances);
            }
        }
        JsonNode failure = now.path("failure");
        if (failure.isTextual() && !failure.asText().isBlank()
                && (last == null || !failure.equals(last.path("failure")))) {
            lines.add("  failed: " + failure.asText().strip().lines().findFirst().orElse(""));
        }
        // A canary's analysis verdicts, each once, as they come.
        JsonNode verdicts = now.path("canary").path("analysis");
        int seen = last == null ? 0 : last.path("canary").path("analysis").size();
        for (int i = seen; i < verdicts.size(); i++) {
            lines.add("  " + DeploymentView.verdict(verdicts.get(i)));
        }
        return lines;
    }

    /** {@code 10m}, {@code 90s}, {@code 500ms}: a timeout as the user would have written it. */
    static String amount(Duration timeout) {
        long millis = timeout.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
