package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.DeploymentControl;
import io.cutover.core.deploy.RollingBounds;
import io.cutover.core.deploy.RolloutPreview;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.InvalidManifestException;
import io.cutover.core.manifest.ManifestValidator;
import io.cutover.core.manifest.RuntimeFit;
import io.cutover.core.manifest.RuntimeKind;
import io.cutover.core.manifest.Problem;
import io.cutover.core.manifest.RevisionHash;
import io.cutover.core.manifest.StrategySpec;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The changes users ask of apps: apply a manifest (a new revision starts a deployment, superseding the
 * active one), scale, delete, and the preview of a deployment. Each checks the request against the
 * current state, writes the change and its events in one transaction, and hands the rest to the
 * {@link Engine}. A rejected request changes nothing.
 */
public final class AppChanges {

    private final Store store;
    private final EventLog events;
    private final Engine engine;
    private final RoutePublisher routes;
    private final Clock clock;
    private final RevisionHash hashes;
    private final RuntimeKind runtime;

    /**
     * @param hashes the revision hash, keyed with the store's key for secret values
     * @param runtime where instances run: a manifest this runtime cannot run is refused ({@link RuntimeFit})
     */
    public AppChanges(Store store, EventLog events, Engine engine, RoutePublisher routes, Clock clock, RevisionHash hashes,
            RuntimeKind runtime) {
        this.hashes = hashes;
        this.runtime = runtime;
        this.store = store;
        this.events = events;
        this.engine = engine;
        this.routes = routes;
        this.clock = clock;
    }

    /**
     * The outcome of an apply.
     *
     * @param created the app is new
     * @param revisionCreated the run part changed (or the app is new): a new revision was made
     */
    public record Applied(AppRecord app, boolean created, boolean revisionCreated, @Nullable Deployment deployment,
            long generation) {}

    /** Creates or updates an app from a validated spec; a run part whose last deployment failed is refused. */
    public Applied apply(AppSpec spec) {
        return apply(spec, false);
    }

    /**
     * Creates or updates an app from a validated spec.
     *
     * @param force deploy a run part even though its last deployment failed
     * @throws ConflictException if the run part's last deployment failed and {@code force} is false;
     *     nothing changes
     * @throws InvalidManifestException if the spec asks for what this server's runtime cannot do (an image
     *     on the local runtime); nothing changes
     */
    public Applied apply(AppSpec spec, boolean force) {
        List<Problem> misfits = RuntimeFit.problems(spec, runtime);
        if (!misfits.isEmpty()) {
            throw new InvalidManifestException(misfits);
        }
        Instant now = clock.instant();
        String hash = hashes.of(spec);
        Applied applied = store.transaction(tx -> {
            Optional<AppRecord> existing = tx.app(spec.name());
            if (existing.isPresent() && existing.get().deleting()) {
                throw new ConflictException("app \"" + spec.name() + "\" is being deleted; apply again once it is gone",
                        List.of());
            }
            List<Route> wanted = manifestRoutes(spec);
            checkRoutesFree(tx, spec.name(), wanted, true);

            // A run part that differs from what the app runs now makes a new revision (numbers only grow).
            Optional<Revision> current = existing.flatMap(app -> tx.revision(app.name(), app.revision()));
            boolean newRevision = current.isEmpty() || !current.get().hash().equals(hash);
            int number = newRevision ? tx.latestRevision(spec.name()).map(r -> r.number() + 1).orElse(1) : current.get().number();
            if (newRevision && !force) {
                tx.failedRevision(spec.name(), hash).ifPresent(failed -> {
                    throw new ConflictException("this run part (revision hash " + hash + ") failed to deploy at " + failed.failedAt()
                            + " (deployment " + failed.deployment() + "): " + firstLine(failed.reason())
                            + "; apply with --force (force=true) to deploy it anyway", List.of());
                });
            }
            if (newRevision) {
                tx.putRevision(new Revision(spec.name(), number, hash, spec, now));
                events.append(tx, "revision_created", spec.name(), Map.of("revision", number, "hash", hash));
                Set<Integer> inUse = new HashSet<>();
                inUse.add(number);
                existing.ifPresent(app -> inUse.add(app.revision()));
                store.instances(spec.name()).forEach(i -> inUse.add(i.revision()));
                tx.activeDeployment(spec.name()).ifPresent(d -> inUse.add(d.fromRevision()));
                List<Integer> pruned = tx.pruneRevisions(spec.name(), spec.revisionHistoryLimit(), inUse);
                if (!pruned.isEmpty()) {
                    events.append(tx, "revisions_pruned", spec.name(), Map.of("revisions", pruned, "revisionHistoryLimit",
                            spec.revisionHistoryLimit()));
                }
            }
            AppRecord record = new AppRecord(spec, number, false, existing.map(AppRecord::createdAt).orElse(now), now);
            tx.putApp(record);
            syncManifestRoutes(tx, spec.name(), wanted);
            events.append(tx, existing.isEmpty() ? "app_created" : "app_updated", spec.name(),
                    Map.of("revision", number, "instances", spec.instances(), "newRevision", newRevision));
            Deployment deployment = newRevision ? startDeployment(tx, spec, existing.map(AppRecord::revision).orElse(0), number, now) : null;
            return new Applied(record, existing.isEmpty(), newRevision, deployment, 0);
        });
        events.published(events.lastId());
        long generation = routes.publish(spec.name());
        engine.changed(spec.name());
        if (applied.revisionCreated()) {
            engine.revisionsPruned(); // perhaps: the runtime drops what it kept for those gone
        }
        return new Applied(applied.app(), applied.created(), applied.revisionCreated(), applied.deployment(), generation);
    }

    private static String firstLine(@Nullable String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("");
    }

    /** Supersedes the app's active deployment, if any, and starts one to {@code to}. */
    private Deployment startDeployment(Store.Tx tx, AppSpec spec, int from, int to, Instant now) {
        Optional<Deployment> active = tx.activeDeployment(spec.name());
        int base = DeploymentControl.startFrom(active.orElse(null), from, to);
        int oldAtStart = (int) store.instances(spec.name()).stream().filter(i -> i.live() && i.revision() != to).count();
        Deployment started = tx.insertDeployment(spec.name(), spec.strategy().type(), base, to, oldAtStart, now);
        if (active.isPresent()) {
            Deployment superseded = DeploymentControl.superseded(active.get(), started.id(), now);
            tx.putDeployment(superseded);
            events.append(tx, "deployment_finished", spec.name(), Map.of("deployment", superseded.id(),
                    "outcome", "SUPERSEDED", "message", superseded.message()));
        }
        events.append(tx, "deployment_started", spec.name(), Map.of("deployment", started.id(), "strategy",
                spec.strategy().type().name(), "fromRevision", base, "toRevision", to, "oldInstances", oldAtStart));
        return started;
    }

    /** The timeline a deployment of {@code spec} would follow ({@code cutover plan}); changes nothing. */
    public Preview preview(String name, AppSpec spec) {
        if (!name.equals(spec.name())) {
            throw new InvalidManifestException(List.of(new Problem("name",
                    "\"" + spec.name() + "\" does not match the app in the path, \"" + name + "\"")));
        }
        AppRecord app = store.app(name).orElseThrow(() -> new AppNotFoundException(name));
        Optional<Revision> current = store.revision(name, app.revision());
        boolean newRevision = current.isEmpty() || !current.get().hash().equals(hashes.of(spec));
        int old = (int) store.instances(name).stream().filter(io.cutover.core.model.Instance::live).count();
        if (spec.strategy().type() == StrategySpec.Type.RECREATE) {
            return new Preview(name, spec.strategy().type(), newRevision, app.revision(), spec.instances(), old,
                    new RollingBounds(0, spec.instances()), List.of());
        }
        RolloutPreview.Timeline timeline = RolloutPreview.of(spec.strategy(), spec.instances(), old);
        return new Preview(name, spec.strategy().type(), newRevision, app.revision(), spec.instances(), old, timeline.bounds(),
                newRevision ? timeline.steps() : List.of());
    }

    /**
     * The timeline a deployment would follow.
     *
     * @param newRevision the spec's run part differs from what runs: applying it deploys
     * @param fromRevision the revision that runs now
     * @param oldInstances its live instances
     * @param steps the rolling timeline (empty when nothing deploys, and for recreate)
     */
    public record Preview(String app, StrategySpec.Type strategy, boolean newRevision, int fromRevision, int instances,
            int oldInstances, RollingBounds bounds, List<RolloutPreview.Step> steps) {}

    /** Sets an app's instance count. */
    public AppRecord scale(String name, int instances) {
        if (instances < 0 || instances > ManifestValidator.MAX_INSTANCES) {
            throw new InvalidManifestException(List.of(new Problem("instances",
                    instances + " (expected: 0.." + ManifestValidator.MAX_INSTANCES + ")")));
        }
        AppRecord scaled = store.transaction(tx -> {
            AppRecord app = liveApp(tx, name);
            AppRecord next = new AppRecord(app.spec().withInstances(instances), app.revision(), false, app.createdAt(),
                    clock.instant());
            tx.putApp(next);
            events.append(tx, "app_scaled", name, Map.of("from", app.spec().instances(), "to", instances));
            return next;
        });
        events.published(events.lastId());
        engine.changed(name);
        return scaled;
    }

    /** Marks an app for deletion; the engine drains and stops its instances, then removes it. */
    public AppRecord delete(String name) {
        AppRecord deleting = store.transaction(tx -> {
            AppRecord app = tx.app(name).orElseThrow(() -> new AppNotFoundException(name));
            AppRecord next = new AppRecord(app.spec(), app.revision(), true, app.createdAt(), clock.instant());
            tx.putApp(next);
            events.append(tx, "app_deleting", name, Map.of());
            return next;
        });
        events.published(events.lastId());
        engine.changed(name);
        return deleting;
    }

    static AppRecord liveApp(Store.Tx tx, String name) {
        AppRecord app = tx.app(name).orElseThrow(() -> new AppNotFoundException(name));
        if (app.deleting()) {
            throw new ConflictException("app \"" + name + "\" is being deleted", List.of());
        }
        return app;
    }

    private static List<Route> manifestRoutes(AppSpec spec) {
        return spec.routes().stream()
                .map(r -> Route.parse(r, spec.name(), Route.Source.MANIFEST, Route.DEFAULT_DOMAIN))
                .toList();
    }

    static void checkRoutesFree(Store.Tx tx, String app, List<Route> wanted, boolean fromManifest) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            Route route = wanted.get(i);
            Optional<Route> taken = tx.route(route.host(), route.pathPrefix());
            if (taken.isEmpty()) {
                continue;
            }
            String field = fromManifest ? "routes[" + i + "]" : "host";
            String owner = taken.get().app();
            if (!owner.equals(app) || !fromManifest) {
                problems.add(new Problem(field, "\"" + route.address() + "\" is already routed to app \"" + owner + "\""));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConflictException(problems.size() == 1 ? problems.get(0).toString()
                    : problems.size() + " routes are taken", problems);
        }
    }

    private static void syncManifestRoutes(Store.Tx tx, String app, List<Route> wanted) {
        List<Route> current = tx.routes(app);
        for (Route route : current) {
            boolean keep = route.source() == Route.Source.API || wanted.stream().anyMatch(w -> same(w, route));
            if (!keep) {
                tx.deleteRoute(route);
            }
        }
        for (Route route : wanted) {
            if (current.stream().noneMatch(c -> same(c, route))) {
                tx.putRoute(route);
            }
        }
    }

    private static boolean same(Route a, Route b) {
        return a.host().equals(b.host()) && a.pathPrefix().equals(b.pathPrefix());
    }
}
