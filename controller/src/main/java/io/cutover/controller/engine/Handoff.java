package io.cutover.controller.engine;

import io.cutover.core.manifest.Hooks;
import io.cutover.core.model.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a hand-off hook against the old revision's instances (docs/manifest.md, hooks.handoff; the Flink savepoint pattern): a
 * shell command whose stdout is the hand-off, or an HTTP request to one old instance whose body is.
 * Blocks up to the hook's timeout; the command's process is killed when it runs over.
 */
final class Handoff {

    /** At most this much output is kept (and handed to the new revision). */
    static final int MAX_OUTPUT = 64 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Handoff() {}

    /** What a hook returned: its output, and whether it succeeded. */
    record Outcome(boolean ok, String output) {}

    static Outcome run(Hooks.Handoff hook, String app, int revision, List<Instance> old, Path workingDir) {
        Duration timeout = Duration.ofSeconds(hook.timeoutSeconds());
        List<Instance> serving = old.stream().filter(Instance::routable).toList();
        if (hook.http() != null) {
            if (serving.isEmpty()) {
                return new Outcome(false, "no instance of revision " + revision + " to call");
            }
            Instance target = serving.get(0);
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + target.host() + ":"
                                + target.port() + hook.http().path())).timeout(timeout)
                        .method(hook.http().method(), HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                String body = clip(answer.body());
                return answer.statusCode() / 100 == 2 ? new Outcome(true, body)
                        : new Outcome(false, hook.http().method() + " " + hook.http().path() + " on " + target.id() + " answered "
                                + answer.statusCode() + ": " + body);
            } catch (IOException e) {
                return new Outcome(false, hook.http().method() + " " + hook.http().path() + " on " + target.id() + " failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, "interrupted");
            }
        }
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", hook.command()).directory(workingDir.toFile()).redirectErrorStream(false);
        builder.environment().put("CUTOVER_APP", app);
        builder.environment().put("CUTOVER_REVISION", Integer.toString(revision));
        builder.environment().put("CUTOVER_INSTANCES", serving.stream().map(i -> i.host() + ":" + i.port()).collect(Collectors.joining(",")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(false, "could not run the hook: " + e.getMessage());
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return new Outcome(false, "timed out after " + hook.timeoutSeconds() + "s (hooks.handoff.timeoutSeconds); output: "
                        + clip(stdout.getNow("") + stderr.getNow("")));
            }
            String out = clip(stdout.get(5, TimeUnit.SECONDS));
            if (process.exitValue() != 0) {
                return new Outcome(false, "exited with " + process.exitValue() + ": " + clip(out + stderr.get(5, TimeUnit.SECONDS)));
            }
            return new Outcome(true, out.strip());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Outcome(false, "could not read the hook's output: " + e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX_OUTPUT ? text : text.substring(0, MAX_OUTPUT);
    }
}
