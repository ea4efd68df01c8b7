package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

import io.cutover.core.auth.Role;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API token as stored: its name, role and the SHA-256 of the token, never the token itself.
 *
 * @param hash the token's SHA-256, hex
 * @param expires when it stops working, or null for never
 * @param createdBy the name of the token that created it ({@code server} for the first admin token)
 */
public record ApiToken(String name, Role role, String hash, Instant created, @Nullable Instant expires, String createdBy) {

    public ApiToken {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
        requireNonNull(hash, "hash");
        requireNonNull(created, "created");
        requireNonNull(createdBy, "createdBy");
    }

    /** Whether it has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }
}
