package io.cutover.controller.api;

import io.cutover.controller.runtime.InstanceRuntime;
import io.cutover.core.model.Instance;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Serves instances' output, as the runtime keeps it: the last lines of each, then (when following) what they add. */
final class InstanceLogs {

    private static final long FOLLOW_POLL_MILLIS = 200;

    private InstanceLogs() {}

    static void write(Context ctx, InstanceRuntime runtime, List<Instance> instances, int tail, boolean follow)
            throws IOException, InterruptedException {
        ctx.contentType("text/plain; charset=utf-8");
        OutputStream out = ctx.res().getOutputStream();
        Map<String, Long> cursors = new HashMap<>();
        for (Instance instance : instances) {
            InstanceRuntime.LogChunk last = runtime.tail(instance, tail);
            write(out, instance, last.lines());
            cursors.put(instance.id(), last.next());
        }
        out.flush();
        while (follow) {
            for (Instance instance : instances) {
                InstanceRuntime.LogChunk more = runtime.since(instance, cursors.get(instance.id()));
                write(out, instance, more.lines());
                cursors.put(instance.id(), more.next());
            }
            out.flush(); // fails once the client went away, which ends the loop
            Thread.sleep(FOLLOW_POLL_MILLIS);
        }
    }

    private static void write(OutputStream out, Instance instance, List<String> lines) throws IOException {
        for (String line : lines) {
            out.write((instance.id() + " | " + line + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
