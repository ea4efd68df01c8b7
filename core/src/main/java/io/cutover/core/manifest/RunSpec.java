package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cutover.core.model.AppProtocol;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How to start one instance: a shell command on the local runtime, a container image on Kubernetes.
 *
 * @param command a shell command, run with {@code /bin/sh -c} (in the container, on Kubernetes); the instance
 *     gets its port in {@code PORT}, {@code PORT0} and {@code PORTS}. Required unless {@code image} is given
 * @param args the container's arguments (to the image's entrypoint); Kubernetes only, not with {@code command}.
 *     Left out of the JSON when empty. Default none
 * @param image the container image; required on Kubernetes, refused on the local runtime. Left out of the
 *     JSON when absent, so a spec without one keeps its revision hash. Default none
 * @param port the port the container listens on (Kubernetes; {@code PORT} says it too). Left out of the JSON
 *     when absent. Default 8080 on Kubernetes; the local runtime picks a free port itself
 * @param env extra environment variables. Default none
 * @param secretEnv extra environment variables whose values are never shown (API, events, logs show
 *     {@link Secret#MASK}); the manifest may also write them in {@code env} as {@code NAME: {secret: value}}.
 *     Left out of the JSON when empty, so a spec without secrets keeps its revision hash. Default none
 * @param workingDir the directory the command runs in. Default: the server's working directory (the
 *     image's, on Kubernetes)
 * @param protocol what the instance speaks on its port: {@code http1} (HTTP/1.1) or {@code h2c} (HTTP/2 in
 *     clear text with prior knowledge, as gRPC servers do). Left out of the JSON when absent, so a spec
 *     without one keeps its revision hash. Default {@code http1}
 */
public record RunSpec(String command,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> args,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String image,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer port,
        Map<String, String> env,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Secret> secretEnv, @Nullable String workingDir,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable AppProtocol protocol) {

    /** The container port on Kubernetes when {@code run.port} is not given. */
    public static final int DEFAULT_CONTAINER_PORT = 8080;

    public RunSpec {
        command = command == null ? "" : command;
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(env));
        secretEnv = secretEnv == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(secretEnv));
    }

    /** A command's run spec. */
    public RunSpec(String command, Map<String, String> env, @Nullable Map<String, Secret> secretEnv, @Nullable String workingDir) {
        this(command, null, null, null, env, secretEnv, workingDir, null);
    }

    /** A command's run spec without secrets. */
    public RunSpec(String command, Map<String, String> env, @Nullable String workingDir) {
        this(command, env, null, workingDir);
    }

    /** This spec with {@code env} instead of its environment and no secrets; what it runs unchanged. */
    public RunSpec withEnvironment(Map<String, String> env) {
        return new RunSpec(command, args, image, port, env, null, workingDir, protocol);
    }

    /** What the instance speaks on its port: {@code protocol}, or HTTP/1.1 when not given. */
    public AppProtocol speaks() {
        return protocol == null ? AppProtocol.HTTP1 : protocol;
    }

    /** What the instance's environment gets from the spec: {@code env} and the values of {@code secretEnv}. */
    public Map<String, String> environment() {
        Map<String, String> all = new TreeMap<>(env);
        secretEnv.forEach((name, secret) -> all.put(name, secret.value()));
        return Collections.unmodifiableMap(all);
    }
}
