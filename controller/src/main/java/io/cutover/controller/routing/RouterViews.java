package io.cutover.controller.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The routers as {@code GET /v1/routers} lists them: the embedded one first, then by id. */
final class RouterViews {

    private RouterViews() {}

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
}
