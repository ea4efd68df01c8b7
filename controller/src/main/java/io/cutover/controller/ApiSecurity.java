package io.cutover.controller;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How the API is guarded (docs/security.md).
 *
 * @param auth whether callers need a token; false ({@code --auth none}) is allowed on loopback only
 * @param metricsOpen whether {@code /metrics} answers without a token ({@code --metrics-open})
 * @param tlsCert the API's certificate chain (PEM), or null for plain HTTP (loopback only)
 * @param tlsKey the certificate's private key (PEM), given with {@code tlsCert}
 */
public record ApiSecurity(boolean auth, boolean metricsOpen, @Nullable Path tlsCert, @Nullable Path tlsKey) {

    public ApiSecurity {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and its key (--tls-cert and --tls-key)");
        }
    }

    /** Tokens on, {@code /metrics} behind them, no TLS: what a loopback API gets by default. */
    public static ApiSecurity defaults() {
        return new ApiSecurity(true, false, null, null);
    }

    /** Whether the API serves HTTPS. */
    public boolean tls() {
        return tlsCert != null;
    }

    /**
     * Refuses a configuration that would expose the API, which starts any command a manifest names: an
     * address other than loopback needs TLS and tokens.
     *
     * @throws IllegalArgumentException saying what to add
     */
    void checkExposure(String apiHost) {
        if (loopback(apiHost)) {
            return;
        }
        StringBuilder missing = new StringBuilder();
        if (!tls()) {
            missing.append("TLS (--tls-cert FILE --tls-key FILE)");
        }
        if (!auth) {
            missing.append(missing.isEmpty() ? "" : " and ").append("tokens (drop --auth none)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the API address " + apiHost + " is not loopback: anyone who reaches it "
                    + "could run commands on this machine, so it needs " + missing
                    + "; or listen on 127.0.0.1 (docs/security.md)");
        }
    }

    /** Whether {@code host} is a loopback address (127.0.0.0/8, ::1, or a name resolving only there). */
    static boolean loopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
