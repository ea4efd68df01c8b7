package io.cutover.controller.engine;

import java.util.List;

/** A request named a revision that does not exist, or no longer: revisionHistoryLimit pruned it. */
public final class RevisionNotFoundException extends RuntimeException {

    public RevisionNotFoundException(String app, int number, List<Integer> kept, int limit) {
        super("revision " + number + " of app \"" + app + "\" " + (kept.isEmpty() || number > kept.get(kept.size() - 1)
                ? "does not exist" : "was pruned (revisionHistoryLimit " + limit + " keeps the newest)")
                + "; kept: " + kept.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("none"));
    }
}
