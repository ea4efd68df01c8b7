package io.cutover.router.link;

import static java.util.Objects.requireNonNull;

import io.cutover.router.RevisionMetrics;
import java.util.Map;

/**
 * What a router posts to {@code /v1/routing/heartbeats} every second while it follows the controller.
 *
 * @param router the router's id
 * @param address where clients reach the router, {@code HOST:PORT}
 * @param generation the generation it serves
 * @param inFlight requests in flight per instance id, draining instances included
 * @param revisions request metrics per {@code app/revision} since the router started
 */
record Heartbeat(String router, String address, long generation, Map<String, Integer> inFlight,
        Map<String, RevisionMetrics> revisions) {

    Heartbeat {
        requireNonNull(router, "router");
        requireNonNull(address, "address");
        inFlight = Map.copyOf(inFlight);
        revisions = Map.copyOf(revisions);
    }
}
