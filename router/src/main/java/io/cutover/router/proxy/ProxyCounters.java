package io.cutover.router.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The proxy's counters, updated from every event loop without contention. */
public final class ProxyCounters {

    private final LongAdder requests = new LongAdder();
    private final LongAdder[] responsesByClass = {
        new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()
    };
    private final LongAdder retries = new LongAdder();
    private final LongAdder noRoute = new LongAdder();
    private final LongAdder noInstance = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder identityMismatches = new LongAdder();
    private final LongAdder ejections = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder clientAborts = new LongAdder();
    private final LongAdder rejectedConnections = new LongAdder();
    private final LongAdder tlsHandshakeFailures = new LongAdder();
    private final LongAdder http2Connections = new LongAdder();
    private final AtomicInteger openConnections = new AtomicInteger();

    /** TLS handshakes that failed: no common protocol or cipher, not TLS at all, a client that gave up. */
    public long tlsHandshakeFailures() {
        return tlsHandshakeFailures.sum();
    }

    /** Client connections that spoke HTTP/2 (h2 over TLS or h2c with prior knowledge). */
    public long http2Connections() {
        return http2Connections.sum();
    }

    /** Request heads received. */
    public long requests() {
        return requests.sum();
    }

    /**
     * Responses sent to clients with a status of one class.
     *
     * @param statusClass 1 for 1xx .. 5 for 5xx
     */
    public long responses(int statusClass) {
        return responsesByClass[statusClass - 1].sum();
    }

    /** Attempts repeated after one that never reached an app. */
    public long retries() {
        return retries.sum();
    }

    /** Requests that matched no route. */
    public long noRoute() {
        return noRoute.sum();
    }

    /** Requests whose route had no routable instance. */
    public long noInstance() {
        return noInstance.sum();
    }

    /** Failed connection attempts to instances. */
    public long connectFailures() {
        return connectFailures.sum();
    }

    /** New connections not used because the instance did not answer as the one the table names. */
    public long identityMismatches() {
        return identityMismatches.sum();
    }

    /** Instances ejected after a streak of failures (each ejection counts once). */
    public long ejections() {
        return ejections.sum();
    }

    /** Requests that timed out. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Requests whose client went away before the response was complete. */
    public long clientAborts() {
        return clientAborts.sum();
    }

    /** Connections closed because the connection limit was reached. */
    public long rejectedConnections() {
        return rejectedConnections.sum();
    }

    /** Client connections open now. */
    public int openConnections() {
        return openConnections.get();
    }

    void request() {
        requests.increment();
    }

    void response(int status) {
        int statusClass = status / 100;
        if (statusClass >= 1 && statusClass <= 5) {
            responsesByClass[statusClass - 1].increment();
        }
    }

    void retry() {
        retries.increment();
    }

    void noRouteFound() {
        noRoute.increment();
    }

    void noInstanceFound() {
        noInstance.increment();
    }

    void connectFailed() {
        connectFailures.increment();
    }

    void identityMismatched() {
        identityMismatches.increment();
    }

    void ejected() {
        ejections.increment();
    }

    void timedOut() {
        timeouts.increment();
    }

    void clientAborted() {
        clientAborts.increment();
    }

    int connectionOpened() {
        return openConnections.incrementAndGet();
    }

    void connectionClosed() {
        openConnections.decrementAndGet();
    }

    void connectionRejected() {
        rejectedConnections.increment();
    }

    void tlsHandshakeFailed() {
        tlsHandshakeFailures.increment();
    }

    void http2Connection() {
        http2Connections.increment();
    }
}
