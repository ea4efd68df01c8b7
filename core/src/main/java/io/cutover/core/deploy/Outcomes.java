package io.cutover.core.deploy;

import io.cutover.core.manifest.StrategySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a deployment ends, decided once for every strategy: the progress deadline, a failure (roll back or
 * pause, as {@code strategy.onFailure} says), a rollback (weights first), and the outcome of a deployment
 * whose last pass found it complete.
 */
final class Outcomes {

    private Outcomes() {}

    /**
     * Whether the progress deadline applies now: while new instances should be coming up (a blue-green
     * deployment only until green is ready; a pause or a rollback has none).
     */
    static boolean deadlineApplies(Deployment d) {
        return d.reason() == Deployment.Reason.DEPLOYING
                && (d.blueGreen() == null || d.blueGreen().phase() == BlueGreenState.Phase.DEPLOYING);
    }

    /** When the deployment fails for lack of progress: {@code progressDeadlineSeconds} after its last progress. */
    static Instant deadline(Deployment d, StrategySpec strategy) {
        return d.progressAt().plusSeconds(strategy.progressDeadlineSeconds());
    }

    /** The plan of a deployment whose progress deadline passed, or null when it has not. */
    static Plan deadlinePassed(AppState app, Deployment d, Instant now) {
        StrategySpec strategy = app.spec().strategy();
        if (!deadlineApplies(d) || now.isBefore(deadline(d, strategy))) {
            return null;
        }
        return fail(app, d, "no progress for " + strategy.progressDeadlineSeconds() + "s (progressDeadlineSeconds)", now);
    }

    /** A wake-up at the progress deadline of {@code next}, when it applies. */
    static void wakeAtDeadline(Deployment next, StrategySpec strategy, List<Action> actions) {
        if (deadlineApplies(next)) {
            actions.add(new Action.WakeAt(deadline(next, strategy)));
        }
    }

    /** The deployment failed: roll back to where it came from, or pause, as {@code strategy.onFailure} says. */
    static Plan fail(AppState app, Deployment d, String why, Instant now) {
        if (app.spec().strategy().onFailure() == StrategySpec.OnFailure.ROLLBACK) {
            Deployment canceling = d.failed(why, Deployment.Reason.CANCELING, now);
            return new Plan(weightsFirst(canceling, new Action.RollBack(canceling, Event.of("deployment_canceling", d.id(),
                    "failure", why)), now));
        }
        Deployment paused = d.failed(why, Deployment.Reason.PAUSED, now);
        return Plan.of(new Action.RecordStep(paused, List.of(Event.of("deployment_paused", d.id(), "failure", why))),
                new Action.ResetBackoff(), new Action.WakeAt(now));
    }

    /**
     * Rolls back from inside a deployment (an analysis failed, a hook failed, a pause nobody answered):
     * {@code canceling} is written, the app points back at the old revision, and the routes that send
     * nothing more to the new revision are confirmed by every router before its instances go.
     */
    static Plan rollBack(Deployment canceling, String why, Instant now) {
        return new Plan(weightsFirst(canceling, new Action.RollBack(canceling, Event.of("deployment_canceling", canceling.id(),
                "toRevision", canceling.fromRevision(), "reason", why)), now));
    }

    private static List<Action> weightsFirst(Deployment canceling, Action.RollBack rollBack, Instant now) {
        List<Action> actions = new ArrayList<>();
        actions.add(rollBack);
        actions.add(new Action.ResetBackoff());
        if (canceling.canary() != null || canceling.blueGreen() != null) {
            actions.add(new Action.PublishRoutes(true)); // nothing more to the new revision before its instances go
        }
        actions.add(new Action.WakeAt(now));
        return actions;
    }

    /** Finalizes a deployment whose last pass found it complete ({@code next}: that pass's state). */
    static Plan finish(Deployment d, Deployment next, int desired, Instant now) {
        Deployment.Reason outcome = d.reason() == Deployment.Reason.CANCELING
                ? d.failure() != null ? Deployment.Reason.FAILED : Deployment.Reason.CANCELED
                : Deployment.Reason.DEPLOYED;
        String why = switch (outcome) {
            case DEPLOYED -> "revision " + d.target() + " runs on " + desired + " instance" + (desired == 1 ? "" : "s");
            case FAILED -> "rolled back to revision " + d.fromRevision() + " after: " + d.failure();
            default -> "rolled back to revision " + d.fromRevision();
        };
        Deployment finished = next.moveTo(outcome, why, now);
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.Finish(finished, Event.of("deployment_finished", d.id(), "outcome", outcome.name(), "message", why)));
        actions.add(new Action.ResetBackoff());
        if (d.canaryRevision() != null) {
            actions.add(new Action.PublishRoutes(false)); // no canary any more: its host and header go
        }
        actions.add(new Action.WakeAt(now)); // the steady state takes over
        return new Plan(actions);
    }

    /**
     * The plan of a rolling-style pass (rolling, recreate, or any rollback): its instance actions, then
     * the progress recorded, or the deployment finished when the pass found it complete.
     */
    static Plan progressed(AppState app, Deployment d, RollingPlanner.Pass pass, int desired, Instant now) {
        List<Action> actions = new ArrayList<>(pass.actions());
        RollingPlanner.Progress p = pass.progress();
        String message = p.newRoutable() + " of " + desired + " new instances ready (" + p.newLive() + " running); "
                + p.oldRemaining() + " old instance" + (p.oldRemaining() == 1 ? "" : "s") + " left";
        Deployment next = d.observe(p, message, now);
        if (pass.complete()) {
            actions.addAll(finish(d, next, desired, now).actions());
            return new Plan(actions);
        }
        List<Event> events = next.progress().equals(d.progress()) ? List.of()
                : List.of(Event.of("deployment_step", d.id(), "step", p.newRoutable(), "steps", desired, "message", message));
        actions.add(new Action.RecordStep(next, events));
        wakeAtDeadline(next, app.spec().strategy(), actions);
        return new Plan(actions);
    }
}
