package io.cutover.controller.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.RoutingTable;
import io.cutover.router.Router;
import java.time.Clock;
import java.util.Map;

/**
 * The router inside {@code cutover server}: tables are applied by a direct call, and the
 * acknowledgement is that call's outcome — the same steps as a remote router, without the network.
 */
final class EmbeddedSession extends RouterSession {

    private final Router router;
    private final RoutingHub hub;
    private final Clock clock;

    EmbeddedSession(Router router, RoutingHub hub, Clock clock) {
        super("embedded", true, router.address().getHostString() + ":" + router.address().getPort(), clock.instant(), null);
        this.router = router;
        this.hub = hub;
        this.clock = clock;
    }

    @Override
    void send(Publication publication) {
        String failure = null;
        try {
            if (router.generation() == publication.base()) {
                router.apply(publication.delta());
            } else {
                router.apply(publication.table());
            }
        } catch (RuntimeException e) {
            failure = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        lastHeartbeat = clock.instant();
        hub.acknowledged(id, publication.table().generation(), failure, null);
    }

    @Override
    void sendSnapshot(RoutingTable table) {
        send(Publication.snapshot(table));
    }

    @Override
    Map<String, Integer> inFlight() {
        return router.inFlight();
    }

    @Override
    JsonNode certificates() {
        return Manifests.json().valueToTree(router.certificates());
    }

    @Override
    JsonNode revisions() {
        return Manifests.json().valueToTree(router.revisionMetrics());
    }
}
