package io.cutover.controller.api;

import io.cutover.core.manifest.Problem;
import java.util.List;

/** A request the API cannot make sense of (not a manifest problem: a bad parameter or body). */
final class BadRequestException extends RuntimeException {

    private final List<Problem> problems;

    BadRequestException(String field, String problem) {
        super(field + ": " + problem);
        this.problems = List.of(new Problem(field, problem));
    }

    List<Problem> problems() {
        return problems;
    }
}
