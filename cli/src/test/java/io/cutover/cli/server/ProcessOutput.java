package io.cutover.cli.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The output of a process a test started. */
final class ProcessOutput {

    private ProcessOutput() {}

    /** Keeps reading the rest of the output on a daemon thread, so the process never blocks on a full pipe. */
    static void drain(BufferedReader lines) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (lines.readLine() != null) {
                    // discarded
                }
            } catch (IOException e) {
                // the process is gone and its pipe closed
            }
        });
    }

    /** As {@link #drain(BufferedReader)}, keeping the output in {@code file}, to read when a test failed. */
    static void drainTo(BufferedReader lines, Path file) throws IOException {
        Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().start(() -> {
            try (out) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                }
            } catch (IOException e) {
                // the process is gone and its pipe closed
            }
        });
    }

    /** Sends a signal ({@code STOP}, {@code CONT}) to the process {@code pid}. */
    static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }
}
