package io.cutover.core.plan;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a planner decided in one pass.
 *
 * @param actions what to do now, in order
 * @param wakeAt when to plan again even if nothing changes (a backoff ends, say); null if only a change
 *     should trigger the next pass
 */
public record Plan(List<Action> actions, @Nullable Instant wakeAt) {

    public Plan {
        actions = List.copyOf(actions);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
