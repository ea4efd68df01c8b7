package io.cutover.controller.engine;

import io.cutover.controller.store.AppRecord;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.plan.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the strategy drivers ({@link CanaryDriver}, {@link BlueGreenDriver}) need of the {@link Engine}. */
interface DeploymentHost {

    /** Executes a pass's actions, launches held back while the app's launch backoff runs. */
    void execute(AppRecord app, List<Action> actions, Instant now);

    /** Finalizes a complete deployment; the steady state takes over. */
    void finish(AppRecord app, Deployment deployment, Deployment next, int desired, Instant now);

    /** Fails a deployment that made no progress. */
    void fail(AppRecord app, Deployment deployment, String why);

    /**
     * Rolls a deployment back from inside the engine: {@code canceling} (CANCELING, with its reason)
     * replaces {@code seen} if that is still what is stored, the app points back at the revision it came
     * from, and the routes that send nothing more to the new revision are published and confirmed by
     * every router before the old revision's instances are asked for again (drained rollback).
     *
     * @return whether it was written (false: the deployment changed meanwhile; the next pass sees it)
     */
    boolean rollBack(AppRecord app, Deployment seen, Deployment canceling, String why);

    /** Asks for another pass of the app after {@code delay} (zero: soon). */
    void passIn(String app, Duration delay);
}
