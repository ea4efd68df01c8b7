package io.cutover.router.link;

import static java.util.Objects.requireNonNull;

import io.cutover.router.RevisionMetrics;
import io.cutover.router.tls.CertificateInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a router posts to {@code /v1/routing/heartbeats} every second while it follows the controller.
 *
 * @param router the router's id
 * @param address where clients reach the router, {@code HOST:PORT}
 * @param generation the generation it serves
 * @param inFlight requests in flight per instance id, draining instances included; an instance not
 *     listed has none
 * @param revisions request metrics per {@code app/revision} since the router started; a revision not
 *     listed had no request yet
 * @param certificates the certificates its TLS listener serves, with their expiry; empty without one
 */
record Heartbeat(String router, String address, long generation, Map<String, Integer> inFlight,
        Map<String, RevisionMetrics> revisions, List<CertificateInfo> certificates) {

    Heartbeat {
        requireNonNull(router, "router");
        requireNonNull(address, "address");
        inFlight = Map.copyOf(inFlight);
        revisions = Map.copyOf(revisions);
        certificates = List.copyOf(certificates);
    }

    /**
     * A heartbeat that leaves out instances with nothing in flight and revisions with no request, so a
     * router of a large, mostly idle table sends little.
     */
    static Heartbeat of(String router, String address, long generation, Map<String, Integer> inFlight,
            Map<String, RevisionMetrics> revisions, List<CertificateInfo> certificates) {
        Map<String, Integer> busy = new HashMap<>();
        inFlight.forEach((id, n) -> {
            if (n > 0) {
                busy.put(id, n);
            }
        });
        Map<String, RevisionMetrics> used = new HashMap<>();
        revisions.forEach((key, metrics) -> {
            if (metrics.requests() > 0) {
                used.put(key, metrics);
            }
        });
        return new Heartbeat(router, address, generation, busy, used, certificates);
    }
}
