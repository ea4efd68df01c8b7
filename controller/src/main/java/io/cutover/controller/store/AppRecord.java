package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

import io.cutover.core.manifest.AppSpec;
import java.time.Instant;

/**
 * An app as stored: its desired spec and the revision that should run.
 *
 * @param spec the desired spec (instance count included)
 * @param revision the revision number that should run
 * @param deleting true once a delete was asked for; the row goes when its instances are gone
 */
public record AppRecord(AppSpec spec, int revision, boolean deleting, Instant createdAt, Instant updatedAt) {

    public AppRecord {
        requireNonNull(spec, "spec");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
    }

    public String name() {
        return spec.name();
    }
}
