package io.cutover.core.deploy;

import static java.util.Objects.requireNonNull;

import io.cutover.core.manifest.Hooks;
import io.cutover.core.manifest.HttpProbe;
import java.time.Instant;
import java.util.List;

/**
 * One step a planner asks the executor to take. Values only: the executor does the I/O, in the order of
 * the plan, and knows nothing of strategies.
 *
 * <p>The actions that ask for an answer ({@link BeginAnalysis}, {@link JudgeAnalysis}, {@link RunHandoff},
 * {@link ProbePreview}, {@link Switch}) are answered at once: the executor hands what it saw to the
 * planner as an {@link Observation} and carries out the plan that comes back before going on with this
 * one. Planners put at most one in a plan, at its end (a {@link WakeAt} may follow).
 */
public sealed interface Action {

    /** Launch one instance of {@code revision}. It is routed only once its checks pass. */
    record StartInstance(int revision) implements Action {}

    /**
     * Take one instance out: out of the routes (confirmed by every router), drained, then SIGTERM and
     * SIGKILL after the grace period.
     *
     * @param reason why, in words, for the events
     */
    record StopInstance(String instanceId, String reason) implements Action {
        public StopInstance {
            requireNonNull(instanceId, "instanceId");
            requireNonNull(reason, "reason");
        }
    }

    /**
     * Publish the app's routes (its instances and the weights its deployment asks for) in a new
     * route-table generation.
     *
     * @param awaitRouters wait until every live router applied it before the next action
     */
    record PublishRoutes(boolean awaitRouters) implements Action {}

    /**
     * Write the deployment's new state with its events, in one transaction, if the stored deployment is
     * still the one this plan was made from (else the rest of the plan is dropped and a new pass decides).
     */
    record RecordStep(Deployment deployment, List<Event> events) implements Action {
        public RecordStep {
            requireNonNull(deployment, "deployment");
            events = List.copyOf(events);
        }
    }

    /**
     * Finalize the deployment ({@code DEPLOYED}, {@code CANCELED} or {@code FAILED}) with its event; a
     * failed run part is remembered (refused until forced), a deployed one forgotten. The steady state
     * takes over.
     */
    record Finish(Deployment finished, Event event) implements Action {
        public Finish {
            requireNonNull(finished, "finished");
            requireNonNull(event, "event");
            if (finished.active()) {
                throw new IllegalArgumentException("finished: " + finished.reason() + " (expected: a finalized deployment)");
            }
        }
    }

    /**
     * Roll the deployment back: write it {@code CANCELING} with its event, and point the app back at the
     * revision it came from, so the steady state after the rollback keeps that revision.
     */
    record RollBack(Deployment canceling, Event event) implements Action {
        public RollBack {
            requireNonNull(canceling, "canceling");
            requireNonNull(event, "event");
            if (canceling.reason() != Deployment.Reason.CANCELING) {
                throw new IllegalArgumentException("canceling: " + canceling.reason() + " (expected: CANCELING)");
            }
        }
    }

    /** Start the app's launch backoff afresh (a deployment ended or failed: its launches start clean). */
    record ResetBackoff() implements Action {}

    /** Open an analysis window: read both revisions' counters from the routers now. */
    record BeginAnalysis(AnalysisSlot slot) implements Action {}

    /** Close the analysis window: read both revisions' counters now, for the planner to judge. */
    record JudgeAnalysis(AnalysisSlot slot) implements Action {}

    /** Run the hand-off hook against the instances of {@code revision} and keep its output. */
    record RunHandoff(Hooks.Handoff hook, int revision) implements Action {
        public RunHandoff {
            requireNonNull(hook, "hook");
        }
    }

    /** Send the pre-promotion probes through the app's preview host on a live router. */
    record ProbePreview(List<HttpProbe> probes) implements Action {
        public ProbePreview {
            probes = List.copyOf(probes);
        }
    }

    /**
     * Publish the switch (the deployment as recorded sends everything to the new revision) and wait for
     * every router; then read the old revision's counters.
     */
    record Switch() implements Action {}

    /** The app's last instance is gone after a delete: remove the app and its routes. */
    record RemoveApp() implements Action {}

    /** Plan again at {@code at} even if nothing changes (a pause or backoff ends, a deadline falls). */
    record WakeAt(Instant at) implements Action {
        public WakeAt {
            requireNonNull(at, "at");
        }
    }
}
