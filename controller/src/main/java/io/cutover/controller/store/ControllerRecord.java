package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A controller that uses the store, as it last claimed or renewed the lease.
 *
 * @param id the controller's id ({@code <data-dir>/controller.id})
 * @param address its advertised API address
 * @param version the Cutover version it runs
 * @param startedAt when it started
 * @param seenAt when it last claimed or renewed the lease
 */
public record ControllerRecord(String id, String address, String version, Instant startedAt, Instant seenAt) {

    public ControllerRecord {
        requireNonNull(id, "id");
        requireNonNull(address, "address");
        requireNonNull(version, "version");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(seenAt, "seenAt");
    }

    /** This record as seen at {@code now}. */
    public ControllerRecord seen(Instant now) {
        return new ControllerRecord(id, address, version, startedAt, now);
    }
}
