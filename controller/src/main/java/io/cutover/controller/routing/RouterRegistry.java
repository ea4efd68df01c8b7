package io.cutover.controller.routing;

import io.cutover.controller.store.NotLeadingException;
import io.cutover.controller.store.RouterRecord;
import io.cutover.controller.store.Store;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routers that follow the leader, kept in the store so that the next leader knows whom to wait for
 * (docs/ha.md): a router is recorded when it joins and forgotten when it is lost. A new leader expects
 * every recorded router: until it reconnected and acknowledged, or stayed silent for the router timeout,
 * route changes wait for it as for any live router, so no step counts as confirmed while a router that
 * followed the old leader still serves the old table.
 */
final class RouterRegistry {

    private static final Logger log = LoggerFactory.getLogger(RouterRegistry.class);

    private final @Nullable Store store;

    /** @param store where routers are kept; null to keep none */
    RouterRegistry(@Nullable Store store) {
        this.store = store;
    }

    void joined(RouterSession session, Instant now) {
        write(session.id, tx -> tx.putRouter(new RouterRecord(session.id, session.address, session.token, now)));
    }

    void lost(String routerId) {
        write(routerId, tx -> tx.deleteRouter(routerId));
    }

    /** The routers the last leader had. */
    List<RouterRecord> recorded() {
        return store == null ? List.of() : store.routers();
    }

    /** A router the last leader had, until it reconnects: counted as live, it sends and reports nothing. */
    static RouterSession expected(RouterRecord record, Instant now) {
        RouterSession session = new RouterSession(record.id(), false, record.address(), now, record.token()) {
            @Override
            void send(Publication publication) {
                // not connected: it gets the table when it reconnects
            }

            @Override
            void sendSnapshot(io.cutover.core.routing.RoutingTable table) {
                // not connected
            }
        };
        session.connected = false;
        session.live = true;
        return session;
    }

    private void write(String routerId, java.util.function.Consumer<Store.Tx> change) {
        if (store == null) {
            return;
        }
        try {
            store.transaction(tx -> {
                change.accept(tx);
                return null;
            });
        } catch (NotLeadingException e) {
            log.debug("router {}: not recorded, this controller no longer leads", routerId);
        } catch (RuntimeException e) {
            log.warn("router {}: cannot record it in the store: {}", routerId, e.toString());
        }
    }
}
