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

    BadRequestException(List<Problem> problems) {
        super(problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).problem() : problems.size() + " problems in the request");
        this.problems = List.copyOf(problems);
    }

    List<Problem> problems() {
        return problems;
    }
}
