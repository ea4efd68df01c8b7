package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A blue-green pre-promotion check: one request sent through the preview route, and what its answer
 * must be.
 *
 * @param path the request's path (and query), e.g. {@code /health}
 * @param status the status the answer must have. Default 200
 * @param bodyContains text the answer's body must contain; null for no such condition
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpProbe(String path, Integer status, @Nullable String bodyContains) {

    public HttpProbe {
        status = status == null ? 200 : status;
    }
}
