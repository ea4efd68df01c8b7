package io.cutover.core.deploy;

import static java.util.Objects.requireNonNull;

import io.cutover.core.analysis.RevisionCounters;
import io.cutover.core.model.Instance;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the executor saw: the answer to an action that asked for one, or something that happened to an
 * instance. The planner decides what follows ({@link AppPlanner#observe}).
 */
public sealed interface Observation {

    /** When it was seen. */
    Instant at();

    /**
     * The routers' counters of the deployment's two revisions when an analysis window opened.
     *
     * @param from the revision the deployment came from (stable, blue)
     * @param to the revision it deploys (canary, green)
     */
    record WindowOpened(AnalysisSlot slot, Instant at, RevisionCounters from, RevisionCounters to) implements Observation {}

    /** The routers' counters of the deployment's two revisions when an analysis window closed. */
    record WindowClosed(AnalysisSlot slot, Instant at, RevisionCounters from, RevisionCounters to) implements Observation {}

    /**
     * The hand-off hook ran.
     *
     * @param output its output when it succeeded, else what went wrong
     */
    record HandedOff(Instant at, boolean ok, String output) implements Observation {
        public HandedOff {
            requireNonNull(output, "output");
        }
    }

    /**
     * The pre-promotion probes ran.
     *
     * @param problem the first probe that did not answer as expected, or null when all did
     */
    record Probed(Instant at, @Nullable String problem) implements Observation {}

    /**
     * Every router confirmed the switch.
     *
     * @param from the old revision's counters then
     */
    record Switched(Instant at, RevisionCounters from) implements Observation {}

    /**
     * An instance exited on its own or turned unhealthy (a failed launch, when it is of the revision an
     * active deployment deploys).
     *
     * @param logTail its last log lines, for the failure message
     */
    record InstanceFailed(Instant at, Instance instance, String logTail) implements Observation {}
}
