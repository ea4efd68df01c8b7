package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A router that followed the leader, as the store keeps it for the next leader (docs/ha.md).
 *
 * @param id the router's id
 * @param address where clients reach it, {@code HOST:PORT}
 * @param token the name of the token it connected with; null with auth off
 * @param joinedAt when it last joined
 */
public record RouterRecord(String id, String address, @Nullable String token, Instant joinedAt) {

    public RouterRecord {
        requireNonNull(id, "id");
        requireNonNull(address, "address");
        requireNonNull(joinedAt, "joinedAt");
    }
}
