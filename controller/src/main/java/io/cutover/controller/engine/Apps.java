package io.cutover.controller.engine;

import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.InvalidManifestException;
import io.cutover.core.manifest.ManifestValidator;
import io.cutover.core.manifest.Problem;
import io.cutover.core.manifest.RevisionHash;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.deploy.CanaryState;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.deploy.RolloutPreview;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The changes users ask for: apply a manifest, scale, delete, map and unmap routes. Each checks the
 * request against the current state, writes the change and its events in one transaction, and hands the
 * rest to the {@link Engine}. A rejected request changes nothing.
 */
public final class Apps {

    private final Store store;
    private final EventLog events;
    private final Engine engine;
    private final RoutePublisher routes;
    private final Clock clock;

    public Apps(Store store, EventLog events, Engine engine, RoutePublisher routes, Clock clock) {
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
     */
    public Applied apply(AppSpec spec, boolean force) {
        Instant now = clock.instant();
        String hash = RevisionHash.of(spec);
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
                java.util.Set<Integer> inUse = new java.util.HashSet<>();
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
        return new Applied(applied.app(), applied.created(), applied.revisionCreated(), applied.deployment(), generation);
    }

    private static String firstLine(@Nullable String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("");
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
        Applied applied = apply(app.spec().withRunPartOf(revision.spec()), force);
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

    /** Supersedes the app's active deployment, if any, and starts one to {@code to}. */
    private Deployment startDeployment(Store.Tx tx, AppSpec spec, int from, int to, Instant now) {
        Optional<Deployment> active = tx.activeDeployment(spec.name());
        // A canary not yet promoted, or a blue-green not yet switched, is superseded from its stable (blue)
        // revision, which still serves (almost) everything.
        int base = active.filter(d -> (d.canary() != null && !d.canary().promoting() || d.blueGreen() != null && !d.blueGreen().switched())
                && d.reason() != Deployment.Reason.CANCELING && d.fromRevision() != to).map(Deployment::fromRevision).orElse(from);
        int oldAtStart = (int) store.instances(spec.name()).stream().filter(i -> i.live() && i.revision() != to).count();
        Deployment started = tx.insertDeployment(spec.name(), spec.strategy().type(), base, to, oldAtStart, now);
        if (active.isPresent()) {
            Deployment superseded = active.get().moveTo(Deployment.Reason.SUPERSEDED, "superseded by deployment " + started.id(), now);
            tx.putDeployment(superseded);
            events.append(tx, "deployment_finished", spec.name(), Map.of("deployment", superseded.id(),
                    "outcome", "SUPERSEDED", "message", superseded.message()));
        }
        events.append(tx, "deployment_started", spec.name(), Map.of("deployment", started.id(), "strategy",
                spec.strategy().type().name(), "fromRevision", base, "toRevision", to, "oldInstances", oldAtStart));
        return started;
    }

    /**
     * Cancels an active deployment: it rolls back to the revision it came from with the same strategy,
     * drained, and ends CANCELED.
     */
    public Deployment cancel(long id) {
        Instant now = clock.instant();
        Deployment canceling = store.transaction(tx -> {
            Deployment deployment = store.deployment(id).orElseThrow(() -> new DeploymentNotFoundException(id));
            if (!deployment.active()) {
                throw new ConflictException("deployment " + id + " is already " + deployment.status() + " ("
                        + deployment.reason() + "): nothing to cancel", List.of());
            }
            if (deployment.reason() == Deployment.Reason.CANCELING) {
                return deployment;
            }
            AppRecord app = tx.app(deployment.app()).orElseThrow(() -> new AppNotFoundException(deployment.app()));
            Deployment next = deployment.moveTo(Deployment.Reason.CANCELING, "canceled, rolling back to revision "
                    + deployment.fromRevision(), now);
            tx.putDeployment(next);
            revertApp(tx, app, deployment, now);
            events.append(tx, "deployment_canceling", app.name(), Map.of("deployment", id, "toRevision", deployment.fromRevision()));
            return next;
        });
        events.published(events.lastId());
        if (canceling.canary() != null || canceling.blueGreen() != null) {
            // Weights move first: every router sends nothing more to the canary (or green) before its instances go.
            routes.publishAndConfirm(canceling.app());
        }
        engine.changed(canceling.app());
        return canceling;
    }

    /** What an operator can ask of an active deployment besides cancel. */
    public enum Control {
        /** A canary paused at a step takes the next one. */
        CONTINUE,
        /** A canary skips every step left: full size, all traffic, then the stable revision goes. */
        PROMOTE_FULL,
        /** Stays where it is until resumed. */
        PAUSE,
        /** Goes on after a pause by an operator. */
        RESUME
    }

    /**
     * Applies an operator's control to an active deployment.
     *
     * @throws DeploymentNotFoundException if there is no such deployment
     * @throws ConflictException if the deployment is not in a state the control applies to; nothing changes
     */
    public Deployment control(long id, Control control) {
        Instant now = clock.instant();
        Deployment changed = store.transaction(tx -> {
            Deployment d = store.deployment(id).orElseThrow(() -> new DeploymentNotFoundException(id));
            String name = "deployment " + id + " of " + d.app();
            if (!d.active() || d.reason() == Deployment.Reason.CANCELING) {
                throw new ConflictException(name + " is " + d.status() + " (" + d.reason() + "): nothing to "
                        + control.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), List.of());
            }
            CanaryState canary = d.canary();
            if (d.blueGreen() != null && (control == Control.PAUSE || control == Control.RESUME)) {
                throw new ConflictException(name + " is a blue-green deployment: it waits for promote by itself; cancel rolls it back",
                        List.of());
            }
            if (d.blueGreen() != null && (control == Control.CONTINUE || control == Control.PROMOTE_FULL)) {
                if (d.blueGreen().switched()) {
                    throw new ConflictException(name + " already switched to revision " + d.toRevision() + ": nothing to promote",
                            List.of());
                }
                Deployment promoted = d.withBlueGreen(d.blueGreen().promoted(), Deployment.Reason.DEPLOYING,
                        "promoting: switching once green is ready and checked", now);
                tx.putDeployment(promoted);
                events.append(tx, "deployment_promote", d.app(), Map.of("deployment", id, "message", promoted.message()));
                return promoted;
            }
            Deployment next = switch (control) {
                case CONTINUE -> {
                    if (canary == null) {
                        throw new ConflictException(name + " is a " + d.strategy().name().toLowerCase(java.util.Locale.ROOT)
                                + " deployment: it has no steps to continue (resume goes on after a pause)", List.of());
                    }
                    if (canary.held()) {
                        throw new ConflictException(name + " was paused by an operator: resume it", List.of());
                    }
                    if (d.reason() != Deployment.Reason.PAUSED) {
                        throw new ConflictException(name + " is " + d.reason() + ", not PAUSED: nothing to continue ("
                                + d.message() + ")", List.of());
                    }
                    yield d.withCanary(canary.continued(), Deployment.Reason.DEPLOYING, "continued", now);
                }
                case PROMOTE_FULL -> {
                    if (canary == null) {
                        throw new ConflictException(name + " is a " + d.strategy().name().toLowerCase(java.util.Locale.ROOT)
                                + " deployment: only a canary can be promoted", List.of());
                    }
                    yield d.withCanary(canary.promoted().holding(false), Deployment.Reason.DEPLOYING, "promoting: steps skipped", now);
                }
                case PAUSE -> {
                    if (canary != null && canary.held()) {
                        throw new ConflictException(name + " is already paused by an operator", List.of());
                    }
                    yield canary != null ? d.withCanary(canary.holding(true), Deployment.Reason.PAUSED, "paused by an operator", now)
                            : d.moveTo(Deployment.Reason.PAUSED, "paused by an operator", now);
                }
                case RESUME -> {
                    boolean paused = canary != null ? canary.held() : d.reason() == Deployment.Reason.PAUSED;
                    if (!paused) {
                        throw new ConflictException(name + " is not paused by an operator: nothing to resume", List.of());
                    }
                    // A canary held while it waited at a pause waits there again: continue applies at once.
                    Deployment.Reason back = canary != null && canary.pausedAt() != null
                            ? Deployment.Reason.PAUSED : Deployment.Reason.DEPLOYING;
                    yield canary != null ? d.withCanary(canary.holding(false), back, "resumed", now)
                            : d.moveTo(Deployment.Reason.DEPLOYING, "resumed", now);
                }
            };
            tx.putDeployment(next);
            events.append(tx, "deployment_" + control.name().toLowerCase(java.util.Locale.ROOT), d.app(),
                    Map.of("deployment", id, "message", next.message()));
            return next;
        });
        events.published(events.lastId());
        if (changed.blueGreen() != null && (control == Control.CONTINUE || control == Control.PROMOTE_FULL)) {
            // A blue-green promote answers once every router sends everything to green (seed 000's test).
            var switched = engine.whenSwitched(id);
            engine.changed(changed.app());
            try {
                return switched.get(PROMOTE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return store.deployment(id).orElse(changed); // still checking: the switch follows
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return changed;
            }
        }
        engine.changed(changed.app());
        return changed;
    }

    /** How long a blue-green promote waits for the switch before it answers with where the deployment is. */
    private static final java.time.Duration PROMOTE_WAIT = java.time.Duration.ofSeconds(60);

    /**
     * Points the app back at the revision a deployment came from (its spec, with the current instance
     * count), so the steady state after the rollback keeps it. A new app goes back to no instances.
     */
    static void revertApp(Store.Tx tx, AppRecord app, Deployment deployment, Instant now) {
        if (deployment.fromRevision() == 0) {
            tx.putApp(new AppRecord(app.spec().withInstances(0), app.revision(), false, app.createdAt(), now));
            return;
        }
        Revision from = tx.revision(app.name(), deployment.fromRevision())
                .orElseThrow(() -> new IllegalStateException("revision " + deployment.fromRevision() + " is missing"));
        tx.putApp(new AppRecord(from.spec().withInstances(app.spec().instances()), from.number(), false, app.createdAt(), now));
    }

    /** The timeline a deployment of {@code spec} would follow; changes nothing. */
    public Map<String, Object> plan(String name, AppSpec spec) {
        if (!name.equals(spec.name())) {
            throw new InvalidManifestException(List.of(new Problem("name",
                    "\"" + spec.name() + "\" does not match the app in the path, \"" + name + "\"")));
        }
        AppRecord app = store.app(name).orElseThrow(() -> new AppNotFoundException(name));
        Optional<Revision> current = store.revision(name, app.revision());
        boolean newRevision = current.isEmpty() || !current.get().hash().equals(RevisionHash.of(spec));
        int old = (int) store.instances(name).stream().filter(io.cutover.core.model.Instance::live).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("app", name);
        out.put("strategy", spec.strategy().type());
        out.put("newRevision", newRevision);
        out.put("fromRevision", app.revision());
        out.put("instances", spec.instances());
        out.put("oldInstances", old);
        if (spec.strategy().type() == io.cutover.core.manifest.StrategySpec.Type.RECREATE) {
            out.put("bounds", Map.of("minHealthy", 0, "maxCapacity", spec.instances()));
        } else {
            RolloutPreview.Timeline timeline = RolloutPreview.of(spec.strategy(), spec.instances(), old);
            out.put("bounds", timeline.bounds());
            out.put("steps", newRevision ? timeline.steps() : List.of());
            return out;
        }
        out.put("steps", List.of());
        return out;
    }

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

    /** Maps a route to an app; returns the route and the generation that carries it. */
    public Map<String, Object> mapRoute(String address, String app) {
        String hostProblem = ManifestValidator.hostProblem(address.contains("/") ? address.substring(0, address.indexOf('/')) : address);
        if (hostProblem != null) {
            throw new InvalidManifestException(List.of(new Problem("host", hostProblem)));
        }
        Route route = Route.parse(address, app, Route.Source.API, Route.DEFAULT_DOMAIN);
        store.transaction(tx -> {
            liveApp(tx, app);
            checkRoutesFree(tx, app, List.of(route), false);
            tx.putRoute(route);
            return events.append(tx, "route_changed", app, Map.of("route", route.address(), "change", "mapped"));
        });
        events.published(events.lastId());
        long generation = routes.publish(app);
        return describe(route, generation);
    }

    /** Removes a route, whoever declared it; returns it and the generation without it. */
    public Map<String, Object> unmapRoute(String address) {
        Route wanted = Route.parse(address, "-", Route.Source.API, Route.DEFAULT_DOMAIN);
        Route removed = store.transaction(tx -> {
            Route route = tx.route(wanted.host(), wanted.pathPrefix())
                    .orElseThrow(() -> new RouteNotFoundException(wanted.address()));
            tx.deleteRoute(route);
            events.append(tx, "route_changed", route.app(), Map.of("route", route.address(), "change", "unmapped"));
            return route;
        });
        events.published(events.lastId());
        long generation = routes.publish(removed.app());
        return describe(removed, generation);
    }

    /**
     * Puts a route in maintenance, or takes it out of maintenance when {@code maintenance} is null (a
     * route not in maintenance stays as it is); returns the route and the generation that carries it.
     *
     * @param maintenance a maintenance without {@link io.cutover.core.routing.Maintenance#problems()}
     * @throws RouteNotFoundException if no app has the route
     */
    public Map<String, Object> maintenance(String address, io.cutover.core.routing.@Nullable Maintenance maintenance) {
        if (maintenance != null && !maintenance.problems().isEmpty()) {
            throw new IllegalArgumentException("maintenance: " + maintenance.problems()); // the API checked its request
        }
        Route wanted = Route.parse(address, "-", Route.Source.API, Route.DEFAULT_DOMAIN);
        Instant now = clock.instant();
        Route route = store.transaction(tx -> {
            Route found = tx.route(wanted.host(), wanted.pathPrefix())
                    .orElseThrow(() -> new RouteNotFoundException(wanted.address()));
            if (maintenance == null && tx.maintenance(found).isEmpty()) {
                return found; // already serving its app
            }
            tx.putMaintenance(found, maintenance, now);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("route", found.address());
            data.put("change", maintenance == null ? "off" : "on");
            if (maintenance != null) {
                data.put("status", maintenance.status());
            }
            events.append(tx, "route_maintenance", found.app(), data);
            return found;
        });
        events.published(events.lastId());
        long generation = routes.publish(route.app());
        return describe(route, generation, maintenance);
    }

    /** A route as the API shows it. */
    public static Map<String, Object> describe(Route route, long generation) {
        return describe(route, generation, null);
    }

    /** A route as the API shows it, with its maintenance (the bypass secret left out). */
    public static Map<String, Object> describe(Route route, long generation, io.cutover.core.routing.@Nullable Maintenance maintenance) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", route.address());
        out.put("app", route.app());
        out.put("source", route.source().name().toLowerCase(java.util.Locale.ROOT));
        out.put("generation", generation);
        if (maintenance != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", maintenance.status());
            m.put("message", maintenance.messageFor(route.app()));
            m.put("retryAfter", maintenance.retryAfterSeconds());
            m.put("json", maintenance.json());
            m.put("headers", maintenance.headers());
            m.put("bypassHeader", maintenance.bypassHeader());
            out.put("maintenance", m);
        } else {
            out.put("maintenance", null);
        }
        return out;
    }

    private AppRecord liveApp(Store.Tx tx, String name) {
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

    private static void checkRoutesFree(Store.Tx tx, String app, List<Route> wanted, boolean fromManifest) {
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
