package io.cutover.router.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import io.cutover.core.sse.EventStreamParser;
import java.util.List;
import io.cutover.router.Router;
import org.jspecify.annotations.Nullable;

/**
 * Applies what the controller sends to the router: a {@code snapshot} as it is, a {@code delta} to the
 * table the router serves. Says what to acknowledge; a refused generation leaves the served table as it
 * was.
 */
final class TableApplier {

    /** What became of one event. */
    sealed interface Outcome {

        /** The generation to acknowledge, or to refuse. */
        long generation();

        /** The router serves {@code generation} now. */
        record Applied(long generation) implements Outcome {
        }

        /**
         * The router refused the generation and serves its last good table.
         *
         * @param error why, for the NACK
         * @param resync whether the stream can no longer be followed (a delta for another base, an event
         *     that cannot be read), so the link reconnects for a snapshot
         */
        record Refused(long generation, String error, boolean resync) implements Outcome {
        }
    }

    private final Router router;
    private final ObjectMapper json;
    private final @Nullable String rejectedHost;

    /**
     * @param rejectedHost test hook: a host whose presence makes every table refused; null for none
     */
    TableApplier(Router router, ObjectMapper json, @Nullable String rejectedHost) {
        this.router = router;
        this.json = json;
        this.rejectedHost = rejectedHost;
    }

    /** Applies an event of the watch stream; null for events that carry no table. */
    @Nullable Outcome event(EventStreamParser.Event event) {
        return switch (event.type()) {
            case "snapshot" -> {
                try {
                    yield table(json.readValue(event.data(), RoutingTable.class));
                } catch (JsonProcessingException e) {
                    yield unreadable(event, e);
                }
            }
            case "delta" -> {
                try {
                    yield delta(json.readValue(event.data(), RoutingDelta.class));
                } catch (JsonProcessingException e) {
                    yield unreadable(event, e);
                }
            }
            default -> null;
        };
    }

    /** Serves a whole table, unless it is refused. */
    Outcome table(RoutingTable table) {
        String refusal = refusal(table.routes());
        if (refusal != null) {
            return new Outcome.Refused(table.generation(), refusal, false);
        }
        try {
            router.apply(table);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused(table.generation(), e.getMessage(), false);
        }
        return new Outcome.Applied(table.generation());
    }

    /** Serves the table a delta makes of the one served, unless the delta is for another base. */
    Outcome delta(RoutingDelta delta) {
        String refusal = refusal(delta.upserts());
        if (refusal != null) {
            return new Outcome.Refused(delta.generation(), refusal, false);
        }
        try {
            router.apply(delta);
        } catch (IllegalStateException e) {
            return new Outcome.Refused(delta.generation(), e.getMessage(), true);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused(delta.generation(), e.getMessage(), false);
        }
        return new Outcome.Applied(delta.generation());
    }

    private @Nullable String refusal(List<RouteEntry> routes) {
        if (rejectedHost == null) {
            return null;
        }
        for (RouteEntry route : routes) {
            if (route.host().equals(rejectedHost)) {
                return "routes: host " + rejectedHost + " (refused by the test hook CUTOVER_ROUTER_REJECT_HOST)";
            }
        }
        return null;
    }

    private static Outcome unreadable(EventStreamParser.Event event, JsonProcessingException e) {
        return new Outcome.Refused(idAsGeneration(event.id()),
                "cannot read the " + event.type() + " event: " + e.getOriginalMessage(), true);
    }

    private static long idAsGeneration(@Nullable String id) {
        try {
            return id == null ? 0 : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
