package io.cutover.core.deploy;

import static java.util.Objects.requireNonNull;

import io.cutover.core.manifest.StrategySpec;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The move of an app from one revision to another under a strategy.
 *
 * @param id the deployment's number, unique across apps
 * @param app the app
 * @param strategy the strategy it follows
 * @param fromRevision the revision running before it, 0 for a new app
 * @param toRevision the revision it deploys
 * @param oldAtStart instances of other revisions when it started (Marathon's +1 rule needs it)
 * @param status {@code ACTIVE} or {@code FINALIZED}
 * @param reason where it is, or how it ended
 * @param message where it stands or why it ended, in words
 * @param failure why it failed, when it did (a rollback after a failure is CANCELING with this set)
 * @param progress the last progress observed
 * @param launchFailures how often its new instances exited or failed their checks
 * @param progressAt the last time it made progress; the progress deadline counts from here
 * @param finishedAt when it was finalized
 * @param canary where a canary deployment stands (its steps, weight, pause); null for other strategies
 * @param blueGreen where a blue-green deployment stands (its phase, checks, switch); null for other
 *     strategies
 */
public record Deployment(
        long id,
        String app,
        StrategySpec.Type strategy,
        int fromRevision,
        int toRevision,
        int oldAtStart,
        Status status,
        Reason reason,
        String message,
        @Nullable String failure,
        RollingPlanner.Progress progress,
        int launchFailures,
        Instant createdAt,
        Instant updatedAt,
        Instant progressAt,
        @Nullable Instant finishedAt,
        @Nullable CanaryState canary,
        @Nullable BlueGreenState blueGreen) {

    /** Whether a deployment still acts. */
    public enum Status { ACTIVE, FINALIZED }

    /** Where an active deployment is, or how a finalized one ended (Cloud Foundry's words). */
    public enum Reason {
        DEPLOYING, PAUSED, CANCELING, DEPLOYED, CANCELED, SUPERSEDED, FAILED;

        /** The status this reason belongs to. */
        public Status status() {
            return switch (this) {
                case DEPLOYING, PAUSED, CANCELING -> Status.ACTIVE;
                case DEPLOYED, CANCELED, SUPERSEDED, FAILED -> Status.FINALIZED;
            };
        }
    }

    public Deployment {
        requireNonNull(app, "app");
        requireNonNull(strategy, "strategy");
        requireNonNull(status, "status");
        requireNonNull(reason, "reason");
        requireNonNull(message, "message");
        requireNonNull(progress, "progress");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        requireNonNull(progressAt, "progressAt");
        if (reason.status() != status) {
            throw new IllegalArgumentException("reason: " + reason + " (expected: a reason of status " + status + ")");
        }
    }

    /** A new deployment, just started. */
    public static Deployment start(long id, String app, StrategySpec.Type strategy, int from, int to, int oldAtStart, Instant now) {
        return new Deployment(id, app, strategy, from, to, oldAtStart, Status.ACTIVE, Reason.DEPLOYING,
                "starting revision " + to, null, new RollingPlanner.Progress(0, 0, oldAtStart, oldAtStart), 0,
                now, now, now, null, strategy == StrategySpec.Type.CANARY ? CanaryState.START : null,
                strategy == StrategySpec.Type.BLUE_GREEN ? BlueGreenState.START : null);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    /**
     * Whether a blue-green switch is decided: it switched (every router confirmed it), or it no longer
     * can (not blue-green, ended, rolling back).
     */
    public boolean switchDecided() {
        return !active() || blueGreen == null || blueGreen.switchedAt() != null || reason == Reason.CANCELING;
    }

    /**
     * What the instances of {@code revision} start with as {@code CUTOVER_HANDOFF}: the hand-off hook's
     * output of a blue-green deployment to that revision, or null.
     */
    public @Nullable String handoffFor(int revision) {
        return blueGreen != null && revision == toRevision ? blueGreen.handoff() : null;
    }

    /** The revision it moves to now: the new one, or the old one while it rolls back. */
    public int target() {
        return reason == Reason.CANCELING ? fromRevision : toRevision;
    }

    /** The same deployment with another reason (and the status that goes with it) and message. */
    public Deployment moveTo(Reason next, String why, Instant now) {
        return new Deployment(id, app, strategy, fromRevision, toRevision, oldAtStart, next.status(), next, why, failure,
                progress, launchFailures, createdAt, now, now, next.status() == Status.FINALIZED ? now : null, canary, blueGreen);
    }

    /** Marks it failed; the caller then rolls back or pauses. */
    public Deployment failed(String why, Reason next, Instant now) {
        return new Deployment(id, app, strategy, fromRevision, toRevision, oldAtStart, next.status(), next,
                next == Reason.CANCELING ? "failed, rolling back to revision " + fromRevision : "failed, paused: " + why,
                why, progress, launchFailures, createdAt, now, now, next.status() == Status.FINALIZED ? now : null, canary, blueGreen);
    }

    /** Records progress; {@code progressAt} moves only when it actually advanced. */
    public Deployment observe(RollingPlanner.Progress next, String why, Instant now) {
        boolean advanced = next.newRoutable() > progress.newRoutable() || next.oldRemaining() < progress.oldRemaining();
        return new Deployment(id, app, strategy, fromRevision, toRevision, oldAtStart, status, reason, why, failure,
                next, launchFailures, createdAt, now, advanced ? now : progressAt, finishedAt, canary, blueGreen);
    }

    /** Counts one more failed launch of a new instance. */
    public Deployment launchFailed(Instant now) {
        return new Deployment(id, app, strategy, fromRevision, toRevision, oldAtStart, status, reason, message, failure,
                progress, launchFailures + 1, createdAt, now, progressAt, finishedAt, canary, blueGreen);
    }

    /**
     * The same deployment with the canary's new state, its reason (DEPLOYING or PAUSED) and message;
     * a step taken counts as progress.
     */
    public Deployment withCanary(CanaryState next, Reason reasonNow, String why, Instant now) {
        boolean stepped = canary == null || next.step() != canary.step() || next.weight() != canary.weight()
                || next.promoting() != canary.promoting();
        return new Deployment(id, app, strategy, fromRevision, toRevision, oldAtStart, reasonNow.status(), reasonNow, why,
                failure, progress, launchFailures, createdAt, now, stepped ? now : progressAt, finishedAt, next, blueGreen);
    }

    /**
     * The same deployment with the blue-green state, its reason (DEPLOYING or PAUSED) and message; a new
     * phase counts as progress.
     */
    public Deployment withBlueGreen(BlueGreenState next, Reason reasonNow, String why, Instant now) {
        boolean moved = blueGreen == null || next.phase() != blueGreen.phase() || next.checksPassed() != blueGreen.checksPassed();
        return new Deployment(id, app, strategy, fromRevision, toRevision, oldAtStart, reasonNow.status(), reasonNow, why,
                failure, progress, launchFailures, createdAt, now, moved ? now : progressAt, finishedAt, canary, next);
    }

    /**
     * The green revision while a blue-green deployment is active, not yet switched and not canceling: it
     * has its own host ({@code APP--preview}) and the preview header; else null.
     */
    public @Nullable Integer previewRevision() {
        return blueGreen != null && active() && fromRevision != 0 && reason != Reason.CANCELING && !blueGreen.switched()
                ? toRevision : null;
    }

    /** The canary revision while a canary deployment is active and not canceling (it has its own host); else null. */
    public @Nullable Integer canaryRevision() {
        return canary != null && active() && fromRevision != 0 && reason != Reason.CANCELING ? toRevision : null;
    }

    /**
     * The router weights of the app's revisions this deployment asks for, or null when the instances'
     * shares decide (rolling, recreate): the canary's weight and the rest to the stable revision, nothing
     * to the canary while it is canceled; all to blue, or from the switch on all to green, for blue-green.
     */
    public @Nullable Map<Integer, Integer> weights() {
        if (blueGreen != null && active() && fromRevision != 0) {
            // one revision at a time: blue until the switch (and while rolling back), green from it on
            return reason != Reason.CANCELING && blueGreen.switched() ? Map.of(fromRevision, 0, toRevision, 100)
                    : Map.of(fromRevision, 100, toRevision, 0);
        }
        if (canary == null || !active() || fromRevision == 0) {
            return null;
        }
        return reason == Reason.CANCELING ? Map.of(fromRevision, 100, toRevision, 0)
                : canary.weights(fromRevision, toRevision);
    }
}
