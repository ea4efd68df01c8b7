package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How to start one instance.
 *
 * @param command a shell command, run with {@code /bin/sh -c}; the instance gets its port in {@code PORT},
 *     {@code PORT0} and {@code PORTS}. Required
 * @param env extra environment variables. Default none
 * @param secretEnv extra environment variables whose values are never shown (API, events, logs show
 *     {@link Secret#MASK}); the manifest may also write them in {@code env} as {@code NAME: {secret: value}}.
 *     Left out of the JSON when empty, so a spec without secrets keeps its revision hash. Default none
 * @param workingDir the directory the command runs in. Default: the server's working directory
 */
public record RunSpec(String command, Map<String, String> env,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Secret> secretEnv, @Nullable String workingDir) {

    public RunSpec {
        command = command == null ? "" : command;
        env = env == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(env));
        secretEnv = secretEnv == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(secretEnv));
    }

    /** A run spec without secrets. */
    public RunSpec(String command, Map<String, String> env, @Nullable String workingDir) {
        this(command, env, null, workingDir);
    }

    /** What the instance's environment gets from the spec: {@code env} and the values of {@code secretEnv}. */
    public Map<String, String> environment() {
        Map<String, String> all = new TreeMap<>(env);
        secretEnv.forEach((name, secret) -> all.put(name, secret.value()));
        return Collections.unmodifiableMap(all);
    }
}
