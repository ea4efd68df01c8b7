package io.cutover.controller.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.analysis.RevisionCounters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What the routers report, read across them: as {@code GET /v1/routers} lists them, and summed. */
final class RouterViews {

    private RouterViews() {}

    /** The routers as {@code GET /v1/routers} lists them: the embedded one first, then by id. */
    static List<Map<String, Object>> describe(Collection<RouterSession> sessions, long generation) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<RouterSession> sorted = sessions.stream()
                .sorted(Comparator.comparing((RouterSession s) -> !s.embedded).thenComparing(s -> s.id)).toList();
        for (RouterSession s : sorted) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", s.id);
            row.put("address", s.address);
            row.put("embedded", s.embedded);
            row.put("live", s.live);
            row.put("connected", s.connected);
            row.put("generation", s.acked);
            row.put("lag", Math.max(0, generation - s.acked));
            row.put("lastHeartbeat", s.lastHeartbeat.toString());
            row.put("inFlight", s.inFlight().values().stream().mapToInt(Integer::intValue).sum());
            row.put("error", s.error);
            row.put("revisions", s.revisions);
            row.put("certificates", s.certificates());
            out.add(row);
        }
        return out;
    }

    /** The live routers that have not applied {@code generation}, each with where it is or why it refused. */
    static List<String> lagging(Collection<RouterSession> sessions, long generation) {
        List<String> lagging = new ArrayList<>();
        for (RouterSession session : sessions) {
            if (session.live && session.acked < generation) {
                lagging.add(session.id + (session.error == null ? " (at generation " + session.acked + ")"
                        : " (refused: " + session.error + ")"));
            }
        }
        return lagging;
    }

    /** A revision's request counters summed over the live routers, each cumulative since that router started. */
    static RevisionCounters counters(Collection<RouterSession> sessions, String app, int revision) {
        RevisionCounters total = RevisionCounters.NONE;
        for (RouterSession session : sessions) {
            JsonNode revisions = session.live ? session.revisions() : null;
            JsonNode metrics = revisions == null ? null : revisions.get(app + "/" + revision);
            if (metrics == null) {
                continue;
            }
            SortedMap<Long, Long> buckets = new TreeMap<>();
            metrics.path("latencyMs").path("buckets").fields()
                    .forEachRemaining(e -> buckets.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
            total = total.plus(new RevisionCounters(metrics.path("requests").asLong(), metrics.path("5xx").asLong(), buckets));
        }
        return total;
    }

    /** In-flight requests on an instance over the live routers; one that has not reported yet counts as one. */
    static int inFlight(Collection<RouterSession> sessions, String instanceId) {
        int total = 0;
        for (RouterSession session : sessions) {
            if (session.live) {
                total += session.embedded || session.reported ? session.inFlight().getOrDefault(instanceId, 0) : 1;
            }
        }
        return total;
    }
}
