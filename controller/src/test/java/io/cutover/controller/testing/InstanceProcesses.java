package io.cutover.controller.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The processes of an instance as the host sees them, whoever started them: every live process whose
 * environment carries {@code CUTOVER_INSTANCE_ID=<id>} (read from /proc, so descendants that were
 * re-parented when their parent died count too).
 */
public final class InstanceProcesses {

    private InstanceProcesses() {}

    /** Pids of the live (not zombie) processes that carry the instance's id. */
    public static List<Long> of(String instanceId) {
        String marker = "CUTOVER_INSTANCE_ID=" + instanceId;
        return ProcessHandle.allProcesses().filter(p -> running(p.pid()))
                .filter(p -> Arrays.asList(environ(p.pid()).split("\0")).contains(marker))
                .map(ProcessHandle::pid).sorted().toList();
    }

    /** Whether the process runs: it exists and is not a zombie waiting for a parent that may never reap it. */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return !stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static String environ(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
