package io.cutover.core.manifest;

import java.util.List;

/**
 * Marathon's readiness check: polled while an instance is being brought in; the instance gets traffic
 * only once it answered ready.
 *
 * @param path the HTTP path. Default {@code /}
 * @param intervalSeconds time between polls. Default 1
 * @param timeoutSeconds a poll slower than this counts as not ready. Default 1
 * @param httpStatusCodesForReady the statuses that mean ready. Default {@code [200]}
 * @param preserveLastResponse keep the last response body on the instance. Default false
 */
public record ReadinessCheck(
        String path,
        Integer intervalSeconds,
        Integer timeoutSeconds,
        List<Integer> httpStatusCodesForReady,
        Boolean preserveLastResponse) {

    public ReadinessCheck {
        path = path == null ? "/" : path;
        intervalSeconds = intervalSeconds == null ? 1 : intervalSeconds;
        timeoutSeconds = timeoutSeconds == null ? 1 : timeoutSeconds;
        httpStatusCodesForReady = httpStatusCodesForReady == null ? List.of(200) : List.copyOf(httpStatusCodesForReady);
        preserveLastResponse = preserveLastResponse != null && preserveLastResponse;
    }
}
