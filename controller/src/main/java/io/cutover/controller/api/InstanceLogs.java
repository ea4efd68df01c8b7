package io.cutover.controller.api;

import io.cutover.core.model.Instance;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Serves instance log files: the last lines of each, then (when following) what they append. */
final class InstanceLogs {

    private static final long FOLLOW_POLL_MILLIS = 200;

    private InstanceLogs() {}

    static void write(Context ctx, List<Instance> instances, int tail, boolean follow) throws IOException, InterruptedException {
        ctx.contentType("text/plain; charset=utf-8");
        OutputStream out = ctx.res().getOutputStream();
        Map<Path, Long> offsets = new HashMap<>();
        for (Instance instance : instances) {
            Path file = Path.of(instance.logFile());
            for (String line : lastLines(file, tail)) {
                out.write((instance.id() + " | " + line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            offsets.put(file, Files.exists(file) ? Files.size(file) : 0L);
        }
        out.flush();
        while (follow) {
            for (Instance instance : instances) {
                Path file = Path.of(instance.logFile());
                long from = offsets.get(file);
                long size = Files.exists(file) ? Files.size(file) : 0L;
                if (size > from) {
                    offsets.put(file, appended(file, from, size, instance.id(), out));
                }
            }
            out.flush(); // fails once the client went away, which ends the loop
            Thread.sleep(FOLLOW_POLL_MILLIS);
        }
    }

    private static long appended(Path file, long from, long size, String id, OutputStream out) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.min(size - from, 1 << 20)];
            raf.seek(from);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return from; // wait for a whole line
            }
            for (String line : text.substring(0, end).split("\n", -1)) {
                out.write((id + " | " + line + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return from + text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static List<String> lastLines(Path file, int count) throws IOException {
        if (count == 0 || !Files.exists(file)) {
            return List.of();
        }
        ArrayDeque<String> lines = new ArrayDeque<>(count);
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (lines.size() == count) {
                    lines.removeFirst();
                }
                lines.addLast(line);
            }
        }
        return List.copyOf(lines);
    }
}
