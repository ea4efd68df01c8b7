package io.cutover.controller.runtime;

import io.cutover.controller.runtime.InstanceRuntime.LogChunk;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/** Reads the log files of local instances: the last lines, then whole lines appended after a byte offset. */
final class LogFiles {

    /** At most this much is read at once when following. */
    private static final int MAX_READ = 1 << 20;

    private LogFiles() {}

    static LogChunk tail(Path file, int count) {
        try {
            if (!Files.exists(file)) {
                return new LogChunk(List.of(), 0);
            }
            long end = Files.size(file);
            if (count == 0) {
                return new LogChunk(List.of(), end);
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
            return new LogChunk(List.copyOf(lines), end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LogChunk since(Path file, long from) {
        try {
            long size = Files.exists(file) ? Files.size(file) : 0L;
            if (size <= from) {
                return new LogChunk(List.of(), from);
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                byte[] bytes = new byte[(int) Math.min(size - from, MAX_READ)];
                raf.seek(from);
                raf.readFully(bytes);
                String text = new String(bytes, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end < 0) {
                    return new LogChunk(List.of(), from); // wait for a whole line
                }
                String whole = text.substring(0, end);
                return new LogChunk(Arrays.asList(whole.split("\n", -1)),
                        from + text.substring(0, end + 1).getBytes(StandardCharsets.UTF_8).length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
