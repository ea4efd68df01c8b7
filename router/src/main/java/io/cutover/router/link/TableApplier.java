package io.cutover.router.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import io.cutover.core.sse.EventStreamParser;
import io.cutover.router.Router;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(TableApplier.class);

    private final Router router;
    private final String routerId;
    private final ObjectMapper json;
    private final @Nullable String rejectedHost;

    /**
     * @param rejectedHost test hook: a host whose presence makes every table refused; null for none
     */
    TableApplier(Router router, String routerId, ObjectMapper json, @Nullable String rejectedHost) {
        this.router = router;
        this.routerId = routerId;
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

    /**
     * Serves a whole table, unless it is refused. A table of a deposed leader's term is refused and the
     * stream left (its sender no longer leads). A table of another store than the one served is taken,
     * and said so in the log: the generations of a reinstalled controller do not follow the saved ones.
     */
    Outcome table(RoutingTable table) {
        String refusal = refusal(table.routes());
        if (refusal != null) {
            return new Outcome.Refused(table.generation(), refusal, false);
        }
        String servedStore = router.store();
        long servedGeneration = router.generation();
        try {
            router.apply(table);
        } catch (IllegalStateException e) {
            return new Outcome.Refused(table.generation(), e.getMessage(), true);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused(table.generation(), e.getMessage(), false);
        }
        if (servedGeneration > 0 && !servedStore.equals(table.store())) {
            LOG.info("router {}: the controller's store {} is not the store {} of the table served (generation {});"
                    + " took its snapshot of generation {}", routerId, shown(table.store()), shown(servedStore),
                    servedGeneration, table.generation());
        }
        return new Outcome.Applied(table.generation());
    }

    private static String shown(String store) {
        return store.isEmpty() ? "(unknown)" : store;
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
