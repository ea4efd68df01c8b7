package io.cutover.router;

/**
 * Counters of one router since it started, read at one moment (each counter is read on its own, so two
 * counters may be a request apart).
 *
 * @param requests request heads received
 * @param responses1xx informational responses sent to clients (including 101 for upgrades)
 * @param responses2xx successful responses sent to clients
 * @param responses3xx redirections sent to clients
 * @param responses4xx client errors sent, the router's own 400, 404 and 431 included
 * @param responses5xx server errors sent, the router's own 502, 503 and 504 included
 * @param retries requests sent to another instance (or over a fresh connection) after an attempt that
 *     never reached an app
 * @param noRoute requests whose host and path matched no route (answered 404)
 * @param noInstance requests whose route had no routable instance (answered 503)
 * @param connectFailures connection attempts to instances that failed (refused, timed out, or the instance
 *     did not answer as itself)
 * @param identityMismatches new connections not used because the instance at the address did not answer
 *     as the one the table names (a pod's IP taken by another pod); counted in connectFailures too
 * @param ejections instances ejected after a streak of failures, each ejection counted once; see
 *     {@link Router#ejected()} for the ones ejected now
 * @param timeouts requests without a complete response within the request timeout
 * @param clientAborts requests whose client went away before the response was complete
 * @param rejectedConnections client connections closed because the connection limit was reached
 * @param openConnections client connections open now
 * @param tlsHandshakeFailures TLS handshakes that failed (no common protocol or cipher, not TLS, a client
 *     that gave up or refused the certificate)
 * @param http2Connections client connections that spoke HTTP/2 (h2 over TLS, or h2c with prior knowledge)
 */
public record RouterStats(
        long requests,
        long responses1xx,
        long responses2xx,
        long responses3xx,
        long responses4xx,
        long responses5xx,
        long retries,
        long noRoute,
        long noInstance,
        long connectFailures,
        long identityMismatches,
        long ejections,
        long timeouts,
        long clientAborts,
        long rejectedConnections,
        int openConnections,
        long tlsHandshakeFailures,
        long http2Connections) {
}
