package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * What runs around a deployment.
 *
 * @param handoff the state hand-off from the old revision to the new one; null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hooks(@Nullable Handoff handoff) {

    /**
     * The hand-off hook (the Flink savepoint pattern): run against the old revision before the new one
     * starts ({@code before: start}) or before the switch ({@code before: switch}). What it returns is
     * stored on the deployment and given to the new revision's instances as {@code CUTOVER_HANDOFF}.
     *
     * @param command a shell command (run by {@code sh -c}, with {@code CUTOVER_APP}, {@code
     *     CUTOVER_REVISION} and {@code CUTOVER_INSTANCES}, the old instances' {@code host:port}s); its
     *     stdout is the hand-off
     * @param http a request to one old instance; its response body is the hand-off
     * @param before {@code start} (default) or {@code switch}
     * @param timeoutSeconds how long the hook may take. Default 60
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Handoff(@Nullable String command, @Nullable Http http, Before before, Integer timeoutSeconds) {

        public Handoff {
            before = before == null ? Before.START : before;
            timeoutSeconds = timeoutSeconds == null ? 60 : timeoutSeconds;
        }
    }

    /**
     * {@code http: {path: /savepoint, method: POST}}.
     *
     * @param path the request's path
     * @param method the method. Default POST
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Http(String path, String method) {

        public Http {
            method = method == null ? "POST" : method;
        }
    }

    /** When the hand-off runs. */
    public enum Before {
        @JsonProperty("start") START,
        @JsonProperty("switch") SWITCH
    }
}
