package io.cutover.core.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a planner decided in one pass: actions, in the order the executor carries them out.
 */
public record Plan(List<Action> actions) {

    /** Nothing to do. */
    public static final Plan NONE = new Plan(List.of());

    public Plan {
        actions = List.copyOf(actions);
    }

    public static Plan of(Action... actions) {
        return new Plan(List.of(actions));
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** The earliest {@link Action.WakeAt}, or null when the plan asks for none. */
    public @Nullable Instant wakeAt() {
        Instant earliest = null;
        for (Action action : actions) {
            if (action instanceof Action.WakeAt wake && (earliest == null || wake.at().isBefore(earliest))) {
                earliest = wake.at();
            }
        }
        return earliest;
    }

    /** The actions of one kind, in order. */
    public <A extends Action> List<A> all(Class<A> kind) {
        List<A> found = new ArrayList<>();
        for (Action action : actions) {
            if (kind.isInstance(action)) {
                found.add(kind.cast(action));
            }
        }
        return found;
    }
}
