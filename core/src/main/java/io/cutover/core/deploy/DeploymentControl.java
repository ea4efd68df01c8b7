package io.cutover.core.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What an operator can ask of an active deployment, and what a new deployment does to the one it
 * supersedes: the state machine of continue, promote, pause, resume and cancel, decided here once.
 */
public final class DeploymentControl {

    private DeploymentControl() {}

    /** What an operator can ask of an active deployment besides cancel. */
    public enum Control {
        /** A canary paused at a step takes the next one; a blue-green deployment is promoted. */
        CONTINUE,
        /** A canary skips every step left: full size, all traffic, then the stable revision goes. */
        PROMOTE_FULL,
        /** Stays where it is until resumed. */
        PAUSE,
        /** Goes on after a pause by an operator. */
        RESUME
    }

    /** The answer to a control. */
    public sealed interface Decision {}

    /**
     * The control applies.
     *
     * @param deployment the deployment after it
     * @param plan what carries it out (its writes and events)
     * @param answersAfterSwitch a blue-green promote: the caller answers once every router switched
     */
    public record Accepted(Deployment deployment, Plan plan, boolean answersAfterSwitch) implements Decision {}

    /** The control does not apply to the deployment as it is; nothing changes. */
    public record Refused(String reason) implements Decision {}

    /** Decides a control of deployment {@code d}. */
    public static Decision control(Deployment d, Control control, Instant now) {
        String name = "deployment " + d.id() + " of " + d.app();
        if (!d.active() || d.reason() == Deployment.Reason.CANCELING) {
            return new Refused(name + " is " + d.status() + " (" + d.reason() + "): nothing to "
                    + control.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (d.blueGreen() != null) {
            return blueGreen(d, control, name, now);
        }
        CanaryState canary = d.canary();
        String strategy = d.strategy().name().toLowerCase(Locale.ROOT);
        Deployment next;
        switch (control) {
            case CONTINUE -> {
                if (canary == null) {
                    return new Refused(name + " is a " + strategy + " deployment: it has no steps to continue (resume goes on after a pause)");
                }
                if (canary.held()) {
                    return new Refused(name + " was paused by an operator: resume it");
                }
                if (d.reason() != Deployment.Reason.PAUSED) {
                    return new Refused(name + " is " + d.reason() + ", not PAUSED: nothing to continue (" + d.message() + ")");
                }
                next = d.withCanary(canary.continued(), Deployment.Reason.DEPLOYING, "continued", now);
            }
            case PROMOTE_FULL -> {
                if (canary == null) {
                    return new Refused(name + " is a " + strategy + " deployment: only a canary can be promoted");
                }
                next = d.withCanary(canary.promoted().holding(false), Deployment.Reason.DEPLOYING, "promoting: steps skipped", now);
            }
            case PAUSE -> {
                if (canary != null && canary.held()) {
                    return new Refused(name + " is already paused by an operator");
                }
                next = canary != null ? d.withCanary(canary.holding(true), Deployment.Reason.PAUSED, "paused by an operator", now)
                        : d.moveTo(Deployment.Reason.PAUSED, "paused by an operator", now);
            }
            case RESUME -> {
                boolean paused = canary != null ? canary.held() : d.reason() == Deployment.Reason.PAUSED;
                if (!paused) {
                    return new Refused(name + " is not paused by an operator: nothing to resume");
                }
                // A canary held while it waited at a pause waits there again: continue applies at once.
                Deployment.Reason back = canary != null && canary.pausedAt() != null ? Deployment.Reason.PAUSED : Deployment.Reason.DEPLOYING;
                next = canary != null ? d.withCanary(canary.holding(false), back, "resumed", now)
                        : d.moveTo(Deployment.Reason.DEPLOYING, "resumed", now);
            }
            default -> throw new AssertionError(control);
        }
        return accepted(next, "deployment_" + control.name().toLowerCase(Locale.ROOT), now, false);
    }

    private static Decision blueGreen(Deployment d, Control control, String name, Instant now) {
        if (control == Control.PAUSE || control == Control.RESUME) {
            return new Refused(name + " is a blue-green deployment: it waits for promote by itself; cancel rolls it back");
        }
        if (d.blueGreen().switched()) {
            return new Refused(name + " already switched to revision " + d.toRevision() + ": nothing to promote");
        }
        Deployment promoted = d.withBlueGreen(d.blueGreen().promoted(), Deployment.Reason.DEPLOYING,
                "promoting: switching once green is ready and checked", now);
        return accepted(promoted, "deployment_promote", now, true);
    }

    private static Accepted accepted(Deployment next, String event, Instant now, boolean answersAfterSwitch) {
        return new Accepted(next, Plan.of(new Action.RecordStep(next, List.of(Event.of(event, next.id(), "message", next.message()))),
                new Action.WakeAt(now)), answersAfterSwitch);
    }

    /**
     * Decides a cancel: the deployment rolls back to the revision it came from with the same strategy,
     * drained (weights first for a canary or blue-green deployment), and ends CANCELED. A deployment
     * already rolling back stays as it is.
     */
    public static Decision cancel(Deployment d, Instant now) {
        if (!d.active()) {
            return new Refused("deployment " + d.id() + " is already " + d.status() + " (" + d.reason() + "): nothing to cancel");
        }
        if (d.reason() == Deployment.Reason.CANCELING) {
            return new Accepted(d, Plan.NONE, false);
        }
        Deployment canceling = d.moveTo(Deployment.Reason.CANCELING, "canceled, rolling back to revision " + d.fromRevision(), now);
        Plan plan = Outcomes.rollBack(canceling, "canceled", now);
        return new Accepted(canceling, plan, false);
    }

    /**
     * The revision a new deployment to {@code to} starts from. A canary not yet promoted, or a blue-green
     * deployment not yet switched, is superseded from its stable (blue) revision, which still serves
     * (almost) everything; otherwise from the revision the app runs now.
     */
    public static int startFrom(@Nullable Deployment active, int current, int to) {
        if (active == null || active.reason() == Deployment.Reason.CANCELING || active.fromRevision() == to) {
            return current;
        }
        boolean unpromoted = active.canary() != null && !active.canary().promoting()
                || active.blueGreen() != null && !active.blueGreen().switched();
        return unpromoted ? active.fromRevision() : current;
    }

    /** The active deployment, superseded by deployment {@code by}. */
    public static Deployment superseded(Deployment active, long by, Instant now) {
        return active.moveTo(Deployment.Reason.SUPERSEDED, "superseded by deployment " + by, now);
    }
}
