package io.cutover.controller;

import java.net.InetAddress;
import java.net.UnknownHostException;
import io.cutover.controller.api.tls.TlsFiles;
import org.jspecify.annotations.Nullable;

/**
 * How the API is guarded (docs/security.md).
 *
 * @param auth whether callers need a token; false ({@code --auth none}) is allowed on loopback only
 * @param metricsOpen whether {@code /metrics} answers without a token ({@code --metrics-open})
 * @param tls the API's certificate and key (PEM, reloaded when they change), or null for plain HTTP
 *     (loopback only)
 */
public record ApiSecurity(boolean auth, boolean metricsOpen, @Nullable TlsFiles tls) {

    /** Tokens on, {@code /metrics} behind them, no TLS: what a loopback API gets by default. */
    public static ApiSecurity defaults() {
        return new ApiSecurity(true, false, null);
    }

    /** This security with the API over HTTPS with {@code tls}, or plain HTTP for null. */
    public ApiSecurity withTls(@Nullable TlsFiles tls) {
        return new ApiSecurity(auth, metricsOpen, tls);
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
        if (tls == null) {
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
