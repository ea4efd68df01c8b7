package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Marathon's health check, with faster defaults (Marathon's were made for minutes-long launches).
 *
 * @param protocol {@code HTTP} (default), {@code TCP} (the port accepts a connection), {@code COMMAND}
 *     (a shell command exits 0), {@code GRPC} (the gRPC health service, {@code grpc.health.v1}, answers
 *     SERVING over h2c) or {@code PROCESS} (healthy while it runs: workers that take no connections)
 * @param path the HTTP path. Default {@code /}
 * @param command the shell command for {@code COMMAND}; it gets {@code PORT} and {@code HOST}
 * @param gracePeriodSeconds failures in this time after launch do not count. Default 15
 * @param intervalSeconds time between checks. Default 2
 * @param timeoutSeconds a check slower than this fails. Default 1
 * @param maxConsecutiveFailures this many failures in a row make the instance unhealthy (it leaves the
 *     routes and is replaced). Default 3
 * @param ignoreHttp1xx treat 1xx answers as neither pass nor fail. Default false
 * @param service for {@code GRPC}: the service whose health is asked for. Default the empty name, the
 *     server as a whole; left out of the JSON when absent, so a check without it hashes as before
 */
public record HealthCheck(
        Protocol protocol,
        String path,
        @Nullable String command,
        Integer gracePeriodSeconds,
        Integer intervalSeconds,
        Integer timeoutSeconds,
        Integer maxConsecutiveFailures,
        Boolean ignoreHttp1xx,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String service) {

    /** How an instance is checked. */
    public enum Protocol { HTTP, TCP, COMMAND, GRPC, PROCESS }

    public HealthCheck {
        protocol = protocol == null ? Protocol.HTTP : protocol;
        path = path == null ? "/" : path;
        gracePeriodSeconds = gracePeriodSeconds == null ? 15 : gracePeriodSeconds;
        intervalSeconds = intervalSeconds == null ? 2 : intervalSeconds;
        timeoutSeconds = timeoutSeconds == null ? 1 : timeoutSeconds;
        maxConsecutiveFailures = maxConsecutiveFailures == null ? 3 : maxConsecutiveFailures;
        ignoreHttp1xx = ignoreHttp1xx != null && ignoreHttp1xx;
    }
}
