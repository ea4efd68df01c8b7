package io.cutover.controller.api;

import io.cutover.core.manifest.Problem;
import java.util.List;

/**
 * The error body every failed API call returns.
 *
 * @param error a stable code: {@code invalid_manifest}, {@code invalid_request}, {@code not_found},
 *     {@code conflict}, {@code internal}
 * @param message one line for humans
 * @param details the field-specific problems, possibly none
 */
record ApiError(String error, String message, List<Problem> details) {

    ApiError {
        details = List.copyOf(details);
    }
}
