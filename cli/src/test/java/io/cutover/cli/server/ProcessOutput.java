package io.cutover.cli.server;

import java.io.BufferedReader;
import java.io.IOException;

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
}
