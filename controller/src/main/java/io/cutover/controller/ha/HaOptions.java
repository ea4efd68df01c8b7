package io.cutover.controller.ha;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * How a controller takes part in leader election (docs/ha.md).
 *
 * @param lease the lease's TTL and renewal interval
 * @param advertise the API address other controllers and clients are sent to while this controller leads,
 *     or null for the address the API listens on
 */
public record HaOptions(LeaseTimes lease, @Nullable URI advertise) {

    public static final HaOptions DEFAULTS = new HaOptions(LeaseTimes.DEFAULTS, null);

    public HaOptions {
        requireNonNull(lease, "lease");
        if (advertise != null && (advertise.getScheme() == null || advertise.getHost() == null
                || !(advertise.getScheme().equals("http") || advertise.getScheme().equals("https")))) {
            throw new IllegalArgumentException("advertise-url: \"" + advertise + "\" (expected: http://HOST:PORT or https://HOST:PORT)");
        }
    }
}
