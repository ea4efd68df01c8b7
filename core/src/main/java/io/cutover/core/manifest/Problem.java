package io.cutover.core.manifest;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with some input, and where.
 *
 * @param field the field's path ({@code healthCheck.intervalSeconds}, {@code routes[1]}); empty for the
 *     document as a whole
 * @param problem what is wrong, in the form {@code "-1 (expected: >= 0)"}
 */
public record Problem(String field, String problem) {

    public Problem {
        requireNonNull(field, "field");
        requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? problem : field + ": " + problem;
    }
}
