package io.cutover.controller.engine;

import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.DeploymentControl;
import io.cutover.core.deploy.DeploymentControl.Control;
import io.cutover.core.model.Revision;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What operators ask of deployments: continue, promote, pause, resume, cancel, roll back. Each is
 * decided by {@link DeploymentControl} on the app's thread, between passes, and carried out by the
 * engine's executor; a refused one changes nothing.
 */
public final class DeploymentControls {

    /** How long a blue-green promote waits for the switch before it answers with where the deployment is. */
    private static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);

    private final Store store;
    private final Engine engine;
    private final AppChanges apps;
    private final Clock clock;

    public DeploymentControls(Store store, Engine engine, AppChanges apps, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.apps = apps;
        this.clock = clock;
    }

    /**
     * Cancels an active deployment: it rolls back to the revision it came from with the same strategy,
     * drained, and ends CANCELED.
     *
     * @throws DeploymentNotFoundException if there is no such deployment
     * @throws ConflictException if it already ended; nothing changes
     */
    public Deployment cancel(long id) {
        return decide(id, d -> DeploymentControl.cancel(d, clock.instant()));
    }

    /**
     * Applies an operator's control to an active deployment. A blue-green promote answers once every
     * router switched (or after a minute, with where the deployment is).
     *
     * @throws DeploymentNotFoundException if there is no such deployment
     * @throws ConflictException if the deployment is not in a state the control applies to; nothing changes
     */
    public Deployment control(long id, Control control) {
        boolean[] awaitSwitch = new boolean[1];
        Deployment changed = decide(id, d -> {
            DeploymentControl.Decision decision = DeploymentControl.control(d, control, clock.instant());
            awaitSwitch[0] = decision instanceof DeploymentControl.Accepted a && a.answersAfterSwitch();
            return decision;
        });
        if (!awaitSwitch[0]) {
            return changed;
        }
        CompletableFuture<Deployment> switched = engine.whenSwitched(id);
        try {
            return switched.get(PROMOTE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return store.deployment(id).orElse(changed); // still checking: the switch follows
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return changed;
        }
    }

    private Deployment decide(long id, java.util.function.Function<Deployment, DeploymentControl.Decision> decide) {
        Deployment found = store.deployment(id).orElseThrow(() -> new DeploymentNotFoundException(id));
        return engine.onAppThread(found.app(), () -> {
            Deployment d = store.deployment(id).orElseThrow(() -> new DeploymentNotFoundException(id));
            AppRecord app = store.app(d.app()).orElseThrow(() -> new AppNotFoundException(d.app()));
            return switch (decide.apply(d)) {
                case DeploymentControl.Refused refused -> throw new ConflictException(refused.reason(), List.of());
                case DeploymentControl.Accepted accepted -> {
                    engine.execute(app, d, accepted.plan());
                    Deployment now = store.deployment(id).orElse(accepted.deployment());
                    if (now.reason() == Deployment.Reason.SUPERSEDED && accepted.deployment().reason() != Deployment.Reason.SUPERSEDED) {
                        // The plan's first action writes the deployment; a newer apply won that race, so nothing ran.
                        throw new ConflictException("deployment " + id + " was superseded by a newer apply of app \""
                                + d.app() + "\" before this took effect; nothing changed", List.of());
                    }
                    yield now;
                }
            };
        });
    }

    /**
     * Rolls an app back to an earlier revision ({@code cutover rollback}). Inside a blue-green deployment's
     * window (switched, blue still warm) going back to blue is a route switch: the deployment is canceled
     * and answers once every router sends everything to blue again. Otherwise the revision's run part is
     * deployed with the app's current strategy, instance count and routes.
     *
     * @param to the revision number, or null: the revision that served before the current one
     * @throws AppNotFoundException if there is no such app
     * @throws RevisionNotFoundException if there is no such revision (or it was pruned)
     * @throws ConflictException if there is nothing to roll back to, or the revision's run part failed and
     *     {@code force} is false
     */
    public Rollback rollback(String name, @Nullable Integer to, boolean force) {
        AppRecord app = store.app(name).orElseThrow(() -> new AppNotFoundException(name));
        Optional<Deployment> active = store.activeDeployment(name);
        if (active.isPresent() && active.get().blueGreen() != null && active.get().blueGreen().switched()
                && active.get().reason() != Deployment.Reason.CANCELING
                && (to == null || to == active.get().fromRevision())) {
            return new Rollback(cancel(active.get().id()), true, active.get().fromRevision());
        }
        int target;
        if (to != null) {
            target = to;
        } else {
            target = store.deployments(name, false).stream()
                    .filter(d -> d.reason() == Deployment.Reason.DEPLOYED && d.toRevision() != app.revision())
                    .map(Deployment::toRevision).findFirst()
                    .orElseThrow(() -> new ConflictException("app \"" + name + "\" has no earlier deployed revision to roll back to",
                            List.of()));
        }
        if (target == app.revision()) {
            throw new ConflictException("app \"" + name + "\" already runs revision " + target + ": nothing to roll back", List.of());
        }
        Revision revision = store.revision(name, target).orElseThrow(() -> new RevisionNotFoundException(name, target,
                store.revisions(name).stream().map(Revision::number).toList(), app.spec().revisionHistoryLimit()));
        AppChanges.Applied applied = apps.apply(app.spec().withRunPartOf(revision.spec()), force);
        return new Rollback(applied.deployment(), false, target);
    }

    /**
     * What a rollback did.
     *
     * @param deployment the deployment that carries it: the canceled blue-green deployment, or a new one
     * @param instant it was a route switch back to a warm revision
     * @param from the revision gone back to (the warm one switched to, or the one whose run part deploys)
     */
    public record Rollback(@Nullable Deployment deployment, boolean instant, int from) {}
}
