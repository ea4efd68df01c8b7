package io.cutover.router;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Router} listens and how patient it is. Build one with {@link #builder()}; every setting
 * has a default.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>bindHost</td><td>{@code 0.0.0.0}</td><td>the address to listen on</td></tr>
 *   <tr><td>port</td><td>8080</td><td>the port to listen on; 0 picks a free one</td></tr>
 *   <tr><td>ioThreads</td><td>available processors</td><td>event loops; each serves its clients and their
 *       backend connections</td></tr>
 *   <tr><td>connectTimeout</td><td>2 s</td><td>connecting to an instance; past it the request is retried
 *       on another instance</td></tr>
 *   <tr><td>requestTimeout</td><td>60 s</td><td>from the request head to the end of the response; past it
 *       the client gets 504, or the connection is closed if the response had begun</td></tr>
 *   <tr><td>idleTimeout</td><td>60 s</td><td>a client connection with no request in progress and no traffic
 *       is closed</td></tr>
 *   <tr><td>backendIdleTimeout</td><td>4 s</td><td>a pooled keep-alive connection to an instance unused
 *       this long is closed; below the 5 s keep-alive of common app servers, so the router is not the one
 *       reusing a connection the app is closing</td></tr>
 *   <tr><td>maxRetries</td><td>2</td><td>further instances tried when connecting fails (never the same
 *       instance twice)</td></tr>
 *   <tr><td>maxConnections</td><td>10,000</td><td>open client connections; new ones past it are closed</td></tr>
 *   <tr><td>maxHeaderSize</td><td>8,192 bytes</td><td>request headers; larger ones get 431</td></tr>
 *   <tr><td>maxInitialLineLength</td><td>4,096 bytes</td><td>request line; longer ones get 414</td></tr>
 *   <tr><td>ejectAfterFailures</td><td>5</td><td>consecutive failures of an instance (connect failures,
 *       5xx responses, connections closed before a response) after which it is ejected: it gets no new
 *       requests while other instances can take them; 0 disables ejection</td></tr>
 *   <tr><td>baseEjectionTime</td><td>2 s</td><td>how long a first ejection lasts; the nth ejection of an
 *       instance lasts n times as long</td></tr>
 *   <tr><td>maxEjectionTime</td><td>30 s</td><td>the longest an ejection lasts; an instance that stays in
 *       service this long after an ejection starts over at baseEjectionTime</td></tr>
 *   <tr><td>tlsPort</td><td>none</td><td>a second listener, for TLS (HTTP/1.1 and h2 by ALPN), on
 *       tlsBindHost; 0 picks a free port</td></tr>
 *   <tr><td>tlsBindHost</td><td>{@code 0.0.0.0}</td><td>the address the TLS listener listens on</td></tr>
 *   <tr><td>tlsDirectory</td><td>none</td><td>the {@code NAME.crt} + {@code NAME.key} pairs the TLS listener
 *       serves beside the certificates the controller sends, chosen by SNI, reloaded when they change
 *       ({@link io.cutover.router.tls.TlsDirectory}); without one it serves only the controller's</td></tr>
 *   <tr><td>maxConcurrentStreams</td><td>100</td><td>HTTP/2 streams one client connection may have open at
 *       once</td></tr>
 *   <tr><td>httpsPort</td><td>the TLS listener's, else 443</td><td>the port redirects to HTTPS name (routes
 *       with {@code https.redirect}): where clients reach the TLS listener, when that is not its own port
 *       (a load balancer or NAT in front)</td></tr>
 * </table>
 *
 * <p>Ejection never takes out more than half the instances of a revision at once (rounding down, so a
 * lone instance is never ejected); further failing instances keep their traffic.
 */
public final class RouterOptions {

    private final String bindHost;
    private final int port;
    private final int ioThreads;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final Duration backendIdleTimeout;
    private final int maxRetries;
    private final int maxConnections;
    private final int maxHeaderSize;
    private final int maxInitialLineLength;
    private final int ejectAfterFailures;
    private final Duration baseEjectionTime;
    private final Duration maxEjectionTime;
    private final int tlsPort;
    private final String tlsBindHost;
    private final @Nullable Path tlsDirectory;
    private final int maxConcurrentStreams;
    private final int httpsPort;

    private RouterOptions(Builder b) {
        this.bindHost = b.bindHost;
        this.port = b.port;
        this.ioThreads = b.ioThreads;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.idleTimeout = b.idleTimeout;
        this.backendIdleTimeout = b.backendIdleTimeout;
        this.maxRetries = b.maxRetries;
        this.maxConnections = b.maxConnections;
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxInitialLineLength = b.maxInitialLineLength;
        this.ejectAfterFailures = b.ejectAfterFailures;
        this.baseEjectionTime = b.baseEjectionTime;
        this.maxEjectionTime = b.maxEjectionTime;
        this.tlsPort = b.tlsPort;
        this.tlsBindHost = b.tlsBindHost;
        this.tlsDirectory = b.tlsDirectory;
        this.maxConcurrentStreams = b.maxConcurrentStreams;
        this.httpsPort = b.httpsPort;
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options with every setting at its default. */
    public static RouterOptions defaults() {
        return builder().build();
    }

    /** The address to listen on; default {@code 0.0.0.0}. */
    public String bindHost() {
        return bindHost;
    }

    /** The port to listen on, 0 for any free port; default 8080. */
    public int port() {
        return port;
    }

    /** The number of event loops; default the number of available processors. */
    public int ioThreads() {
        return ioThreads;
    }

    /** How long connecting to an instance may take; default 2 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a request may wait for its complete response; default 60 s. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long an idle client connection stays open; default 60 s. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long an unused pooled connection to an instance stays open; default 4 s. */
    public Duration backendIdleTimeout() {
        return backendIdleTimeout;
    }

    /** How many other instances are tried when connecting fails; default 2. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The most client connections open at once; default 10,000. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The largest request header block in bytes; default 8,192. */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** The longest request line in bytes; default 4,096. */
    public int maxInitialLineLength() {
        return maxInitialLineLength;
    }

    /**
     * How many consecutive failures of an instance eject it; default 5, 0 when ejection is off. Connect
     * failures, 5xx responses and connections closed before a response count alike; any other response
     * ends the streak.
     */
    public int ejectAfterFailures() {
        return ejectAfterFailures;
    }

    /** How long a first ejection lasts; the nth lasts n times as long, up to the maximum; default 2 s. */
    public Duration baseEjectionTime() {
        return baseEjectionTime;
    }

    /**
     * The longest an ejection lasts; default 30 s. An instance that stays in service this long after an
     * ejection ended starts over at {@link #baseEjectionTime()}.
     */
    public Duration maxEjectionTime() {
        return maxEjectionTime;
    }

    /** The port of the TLS listener, 0 for any free port, -1 when there is none (the default). */
    public int tlsPort() {
        return tlsPort;
    }

    /** The address the TLS listener listens on; default {@code 0.0.0.0}. */
    public String tlsBindHost() {
        return tlsBindHost;
    }

    /** Whether there is a TLS listener. */
    public boolean tlsListener() {
        return tlsPort >= 0;
    }

    /**
     * The directory of certificate pairs the TLS listener serves; null when there is no TLS listener, or
     * when it serves only the certificates the controller sends.
     */
    public @Nullable Path tlsDirectory() {
        return tlsDirectory;
    }

    /** HTTP/2 streams one client connection may have open at once; default 100. */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /** The port redirects to HTTPS name; 0 (the default) for the TLS listener's own, or 443 without one. */
    public int httpsPort() {
        return httpsPort;
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {

        private String bindHost = "0.0.0.0";
        private int port = 8080;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration backendIdleTimeout = Duration.ofSeconds(4);
        private int maxRetries = 2;
        private int maxConnections = 10_000;
        private int maxHeaderSize = 8192;
        private int maxInitialLineLength = 4096;
        private int ejectAfterFailures = 5;
        private Duration baseEjectionTime = Duration.ofSeconds(2);
        private Duration maxEjectionTime = Duration.ofSeconds(30);
        private int tlsPort = -1;
        private String tlsBindHost = "0.0.0.0";
        private @Nullable Path tlsDirectory;
        private boolean tlsAsked;
        private int maxConcurrentStreams = 100;
        private int httpsPort;

        private Builder() {
        }

        /** The address to listen on. */
        public Builder bindHost(String bindHost) {
            this.bindHost = requireNonNull(bindHost, "bindHost");
            return this;
        }

        /** The port to listen on, 0 for any free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The number of event loops. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        /** How long connecting to an instance may take. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long a request may wait for its complete response. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        /** How long an idle client connection stays open. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
            return this;
        }

        /** How long an unused pooled connection to an instance stays open. */
        public Builder backendIdleTimeout(Duration backendIdleTimeout) {
            this.backendIdleTimeout = requireNonNull(backendIdleTimeout, "backendIdleTimeout");
            return this;
        }

        /** How many other instances are tried when connecting fails. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** The most client connections open at once. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** The largest request header block in bytes. */
        public Builder maxHeaderSize(int maxHeaderSize) {
            this.maxHeaderSize = maxHeaderSize;
            return this;
        }

        /** The longest request line in bytes. */
        public Builder maxInitialLineLength(int maxInitialLineLength) {
            this.maxInitialLineLength = maxInitialLineLength;
            return this;
        }

        /** How many consecutive failures of an instance eject it; 0 disables ejection. */
        public Builder ejectAfterFailures(int ejectAfterFailures) {
            this.ejectAfterFailures = ejectAfterFailures;
            return this;
        }

        /** How long a first ejection lasts; the nth lasts n times as long, up to the maximum. */
        public Builder baseEjectionTime(Duration baseEjectionTime) {
            this.baseEjectionTime = requireNonNull(baseEjectionTime, "baseEjectionTime");
            return this;
        }

        /** The longest an ejection lasts, at least the base ejection time. */
        public Builder maxEjectionTime(Duration maxEjectionTime) {
            this.maxEjectionTime = requireNonNull(maxEjectionTime, "maxEjectionTime");
            return this;
        }

        /**
         * A TLS listener on {@code bindHost:port} (port 0 for any free one) serving the pairs of {@code directory}
         * and the certificates the controller sends; only the latter when {@code directory} is null.
         */
        public Builder tls(String bindHost, int port, @Nullable Path directory) {
            this.tlsBindHost = requireNonNull(bindHost, "bindHost");
            this.tlsPort = port;
            this.tlsAsked = true;
            this.tlsDirectory = directory;
            return this;
        }

        /** The port redirects to HTTPS name, when clients reach the TLS listener on another port than its own. */
        public Builder httpsPort(int httpsPort) {
            this.httpsPort = httpsPort;
            return this;
        }

        /** HTTP/2 streams one client connection may have open at once. */
        public Builder maxConcurrentStreams(int maxConcurrentStreams) {
            this.maxConcurrentStreams = maxConcurrentStreams;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public RouterOptions build() {
            check(port >= 0 && port <= 65535, "port", port, "0..65535");
            check(ioThreads >= 1, "ioThreads", ioThreads, ">= 1");
            checkPositive(connectTimeout, "connectTimeout");
            checkPositive(requestTimeout, "requestTimeout");
            checkPositive(idleTimeout, "idleTimeout");
            checkPositive(backendIdleTimeout, "backendIdleTimeout");
            check(maxRetries >= 0, "maxRetries", maxRetries, ">= 0");
            check(maxConnections >= 1, "maxConnections", maxConnections, ">= 1");
            check(maxHeaderSize >= 256, "maxHeaderSize", maxHeaderSize, ">= 256");
            check(maxInitialLineLength >= 64, "maxInitialLineLength", maxInitialLineLength, ">= 64");
            check(ejectAfterFailures >= 0, "ejectAfterFailures", ejectAfterFailures, ">= 0, 0 to disable");
            checkPositive(baseEjectionTime, "baseEjectionTime");
            check(maxEjectionTime.compareTo(baseEjectionTime) >= 0, "maxEjectionTime", maxEjectionTime,
                    ">= baseEjectionTime, " + baseEjectionTime);
            if (tlsAsked) {
                check(tlsPort >= 0 && tlsPort <= 65535, "tlsPort", tlsPort, "0..65535");
            }
            check(maxConcurrentStreams >= 1, "maxConcurrentStreams", maxConcurrentStreams, ">= 1");
            check(httpsPort >= 0 && httpsPort <= 65535, "httpsPort", httpsPort, "1..65535, or 0 for the TLS listener's own");
            return new RouterOptions(this);
        }

        private static void checkPositive(Duration value, String field) {
            check(!value.isNegative() && !value.isZero() && value.toMillis() > 0, field, value, "at least 1 ms");
        }

        private static void check(boolean ok, String field, Object value, String expected) {
            if (!ok) {
                throw new IllegalArgumentException(field + ": " + value + " (expected: " + expected + ")");
            }
        }
    }
}
