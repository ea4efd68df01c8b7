package io.cutover.core.manifest;

import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be applied; lists every problem found, each with its field. */
public final class InvalidManifestException extends RuntimeException {

    private final List<Problem> problems;

    public InvalidManifestException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in document order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        String prefix = problems.size() == 1 ? "invalid manifest: " : problems.size() + " problems in the manifest: ";
        return prefix + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }
}
