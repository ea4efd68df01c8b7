package io.cutover.core.model;

import static java.util.Objects.requireNonNull;

import io.cutover.core.manifest.AppSpec;
import java.time.Instant;

/**
 * An immutable snapshot of what runs for an app.
 *
 * @param app the app's name
 * @param number 1, 2, 3... per app
 * @param hash the content hash of the spec's run part ({@link io.cutover.core.manifest.RevisionHash})
 * @param spec the whole spec as applied when the revision was made
 * @param createdAt when it was made
 */
public record Revision(String app, int number, String hash, AppSpec spec, Instant createdAt) {

    public Revision {
        requireNonNull(app, "app");
        requireNonNull(hash, "hash");
        requireNonNull(spec, "spec");
        requireNonNull(createdAt, "createdAt");
        if (number < 1) {
            throw new IllegalArgumentException("number: " + number + " (expected: >= 1)");
        }
    }
}
