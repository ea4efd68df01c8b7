package io.cutover.controller.engine;

import io.cutover.core.manifest.Problem;
import java.util.List;

/** A request that is valid on its own but clashes with the current state (a route another app owns...). */
public final class ConflictException extends RuntimeException {

    private final List<Problem> problems;

    public ConflictException(String message, List<Problem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
