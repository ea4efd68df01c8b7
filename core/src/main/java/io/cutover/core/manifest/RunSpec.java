package io.cutover.core.manifest;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How to start one instance.
 *
 * @param command a shell command, run with {@code /bin/sh -c}; the instance gets its port in {@code PORT},
 *     {@code PORT0} and {@code PORTS}. Required
 * @param env extra environment variables. Default none
 * @param workingDir the directory the command runs in. Default: the server's working directory
 */
public record RunSpec(String command, Map<String, String> env, @Nullable String workingDir) {

    public RunSpec {
        command = command == null ? "" : command;
        env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(env));
    }
}
