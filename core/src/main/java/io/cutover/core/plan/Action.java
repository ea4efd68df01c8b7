package io.cutover.core.plan;

import static java.util.Objects.requireNonNull;

/** One step a planner asks the executor to take. Values only: the executor does the I/O. */
public sealed interface Action {

    /** Launch one instance of {@code revision}. */
    record StartInstance(int revision) implements Action {}

    /**
     * Take one instance out: out of the routes, drained, then SIGTERM and SIGKILL after the grace period.
     *
     * @param reason why, in words, for the events
     */
    record StopInstance(String instanceId, String reason) implements Action {
        public StopInstance {
            requireNonNull(instanceId, "instanceId");
            requireNonNull(reason, "reason");
        }
    }
}
