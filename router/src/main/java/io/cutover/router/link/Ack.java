package io.cutover.router.link;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a router posts to {@code /v1/routing/acks} after each snapshot or delta.
 *
 * @param router the router's id
 * @param generation the generation applied, or refused
 * @param error null when applied (ACK); why the router refused the generation otherwise (NACK), in which
 *     case it keeps serving its last good table
 */
record Ack(String router, long generation, @Nullable String error) {

    Ack {
        requireNonNull(router, "router");
    }
}
