package io.cutover.controller.ha;

import static java.util.Objects.requireNonNull;

import io.cutover.core.ha.Lease;

/**
 * What a controller knows about leadership, for {@code /healthz} and the API's redirects.
 *
 * @param controller this controller's id
 * @param leading whether it leads now
 * @param term the term it leads in, or the last term it saw
 * @param lease the lease as last read from the store
 */
public record LeaderView(String controller, boolean leading, long term, Lease lease) {

    public LeaderView {
        requireNonNull(controller, "controller");
        requireNonNull(lease, "lease");
    }

    /** {@code leader} or {@code follower}. */
    public String role() {
        return leading ? "leader" : "follower";
    }
}
