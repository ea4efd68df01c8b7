package io.cutover.router.proxy;

import static java.util.Objects.requireNonNull;

import io.cutover.router.eject.EjectionPolicy;
import java.time.Duration;

/**
 * What the proxy handlers need to know of the router's options.
 *
 * @param requestTimeout from request head to the end of the response
 * @param idleTimeout a client connection with no traffic and no request in progress closes
 * @param maxRetries further attempts after an attempt that never reached an app
 * @param maxConnections open client connections at most
 * @param maxHeaderSize request header block limit in bytes
 * @param maxInitialLineLength request line limit in bytes
 * @param ejection when failing instances are ejected, and for how long
 * @param maxConcurrentStreams HTTP/2 streams a client may have open on one connection
 * @param httpsPort the port in the {@code Location} of redirects to HTTPS: where clients reach the TLS
 *     listener
 */
public record ProxySettings(
        Duration requestTimeout,
        Duration idleTimeout,
        int maxRetries,
        int maxConnections,
        int maxHeaderSize,
        int maxInitialLineLength,
        EjectionPolicy ejection,
        int maxConcurrentStreams,
        int httpsPort) {

    public ProxySettings {
        requireNonNull(requestTimeout, "requestTimeout");
        requireNonNull(idleTimeout, "idleTimeout");
        requireNonNull(ejection, "ejection");
    }

    /** These settings with redirects to HTTPS naming {@code port}. */
    public ProxySettings withHttpsPort(int port) {
        return new ProxySettings(requestTimeout, idleTimeout, maxRetries, maxConnections, maxHeaderSize, maxInitialLineLength,
                ejection, maxConcurrentStreams, port);
    }
}
