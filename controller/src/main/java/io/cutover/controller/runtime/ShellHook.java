package io.cutover.controller.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A hook's command run on this host, as the local runtime runs instances: {@code sh -c} in a working
 * directory, with the hook's environment added to the server's. Its stdout is the output; its
 * stderr goes into the reason when it fails. The process and its children are killed when it runs over.
 */
final class ShellHook {

    private ShellHook() {}

    /** @param workingDir where it runs */
    static InstanceRuntime.HookResult run(InstanceRuntime.HookCommand hook, Path workingDir) {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", hook.command()).directory(workingDir.toFile());
        builder.environment().putAll(hook.env());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return InstanceRuntime.HookResult.failed("could not run the hook: " + e.getMessage());
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(hook.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return InstanceRuntime.HookResult.timedOut(hook.timeout(), stdout.getNow("") + stderr.getNow(""));
            }
            String out = stdout.get(5, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                return InstanceRuntime.HookResult.failed("exited with " + process.exitValue() + ": " + out + stderr.get(5, TimeUnit.SECONDS));
            }
            return InstanceRuntime.HookResult.ok(out.strip());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return InstanceRuntime.HookResult.failed("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return InstanceRuntime.HookResult.failed("could not read the hook's output: " + e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readNBytes(InstanceRuntime.HookResult.MAX_OUTPUT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
