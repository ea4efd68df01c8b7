package io.cutover.controller.store;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.model.Health;
import io.cutover.core.model.Instance;
import io.cutover.core.model.InstanceState;
import io.cutover.core.model.Revision;
import io.cutover.core.model.Route;
import io.cutover.core.routing.Maintenance;
import java.time.Instant;
import java.util.Map;

/** Values the store contract writes and expects back. */
final class StoreFixtures {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private StoreFixtures() {}

    static AppSpec spec(String name) {
        return Manifests.parse("name: " + name + "\nrun: {command: ./run.sh}\n");
    }

    static AppRecord app(String name, int revision) {
        return new AppRecord(spec(name), revision, false, T0, T0);
    }

    static Revision revision(String app, int number) {
        return new Revision(app, number, "hash-" + number, spec(app), T0.plusSeconds(number));
    }

    /** A launched instance on an address that is not this machine's: the store must not assume one. */
    static Instance instance(String id, String app, Instant startedAt) {
        return new Instance(id, app, 1, "10.0.0.7", 4100, 0, null, InstanceState.STARTING, Health.UNKNOWN, false,
                startedAt, "/logs/" + id + ".log");
    }

    static Route route(String host, String path, String app) {
        return new Route(host, path, app, Route.Source.MANIFEST);
    }

    static Maintenance maintenance(String message) {
        return new Maintenance(503, message, 30, null, Map.of("X-Why", "upgrade"), null, null, false);
    }
}
