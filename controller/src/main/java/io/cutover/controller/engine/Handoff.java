package io.cutover.controller.engine;

import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.core.manifest.Hooks;
import io.cutover.core.model.Instance;
import io.cutover.core.model.Revision;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a hand-off hook against the old revision's instances (docs/manifest.md, hooks.handoff; the Flink savepoint pattern): a
 * shell command whose stdout is the hand-off, run where the runtime runs the old revision
 * ({@link InstanceRuntime#runHook}), or an HTTP request to one old instance whose body is.
 * Blocks up to the hook's timeout.
 */
final class Handoff {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Handoff() {}

    /** What a hook returned: its output, and whether it succeeded. */
    record Outcome(boolean ok, String output) {}

    /**
     * @param old the old revision, whose instances the hook reads from
     * @param instances the old revision's instances
     */
    static Outcome run(Hooks.Handoff hook, Revision old, List<Instance> instances, InstanceRuntime runtime) {
        Duration timeout = Duration.ofSeconds(hook.timeoutSeconds());
        List<Instance> serving = instances.stream().filter(Instance::routable).toList();
        if (hook.http() != null) {
            return http(hook.http(), old.number(), serving, timeout);
        }
        InstanceRuntime.HookResult result = runtime.runHook(new InstanceRuntime.HookCommand(old, hook.command(), Map.of(
                "CUTOVER_APP", old.app(),
                "CUTOVER_REVISION", Integer.toString(old.number()),
                "CUTOVER_INSTANCES", serving.stream().map(i -> i.host() + ":" + i.port()).collect(Collectors.joining(","))), timeout));
        return new Outcome(result.ok(), result.output());
    }

    private static Outcome http(Hooks.Http http, int revision, List<Instance> serving, Duration timeout) {
        if (serving.isEmpty()) {
            return new Outcome(false, "no instance of revision " + revision + " to call");
        }
        Instance target = serving.get(0);
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + target.host() + ":"
                            + target.port() + http.path())).timeout(timeout)
                    .method(http.method(), HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = clip(answer.body());
            return answer.statusCode() / 100 == 2 ? new Outcome(true, body)
                    : new Outcome(false, http.method() + " " + http.path() + " on " + target.id() + " answered "
                            + answer.statusCode() + ": " + body);
        } catch (IOException e) {
            return new Outcome(false, http.method() + " " + http.path() + " on " + target.id() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        }
    }

    private static String clip(String text) {
        int max = InstanceRuntime.HookResult.MAX_OUTPUT;
        return text.length() <= max ? text : text.substring(0, max);
    }
}
