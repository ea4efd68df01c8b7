package io.cutover.load;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link LoadRun} sends: {@code GET url} at {@code rate} requests per second for {@code duration}
 * over {@code connections} keep-alive connections.
 *
 * @param url the {@code http://} URL to get; its path and query are sent as they are
 * @param host the {@code Host} header to send instead of the URL's authority (e.g. {@code hello.localhost}
 *     when the URL names the router by address), or {@code null} for the URL's
 * @param rate requests per second, scheduled by time whatever the answers take; 0 sends as fast as the
 *     connections allow, each one request at a time. Default 200.
 * @param duration how long to send. Default 10 s.
 * @param connections keep-alive connections, opened on first use and reopened when they break. Default 8.
 * @param interval how often an {@link Interval} is closed. Default 1 s.
 * @param timeout how long a request may take, connecting included, before it counts as a
 *     {@code timeout} error and its connection is closed. Default 10 s.
 * @param threads event-loop threads the connections are spread over. Default: half the processors,
 *     at least 1 and at most {@code connections}.
 */
public record LoadOptions(URI url, @Nullable String host, int rate, Duration duration, int connections,
        Duration interval, Duration timeout, int threads) {

    /** Default {@link #rate()}: 200 requests per second. */
    public static final int DEFAULT_RATE = 200;
    /** Default {@link #duration()}: 10 seconds. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    /** Default {@link #connections()}: 8. */
    public static final int DEFAULT_CONNECTIONS = 8;
    /** Default {@link #interval()}: 1 second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** Default {@link #timeout()}: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    static final int MAX_RATE = 10_000_000;
    static final int MAX_CONNECTIONS = 10_000;
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    /** Checks every field; see the builder's methods for the ranges. */
    public LoadOptions {
        requireNonNull(url, "url");
        requireNonNull(duration, "duration");
        requireNonNull(interval, "interval");
        requireNonNull(timeout, "timeout");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("url: " + url + " (expected: an http:// URL)");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("url: " + url + " (expected: a URL with a host)");
        }
        if (url.getPort() > 65535) {
            throw new IllegalArgumentException("url: " + url + " (expected: a port in 1..65535)");
        }
        if (host != null && (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c >= 127))) {
            throw new IllegalArgumentException("host: '" + host + "' (expected: a hostname, optionally with :port)");
        }
        if (rate < 0 || rate > MAX_RATE) {
            throw new IllegalArgumentException("rate: " + rate + " (expected: 0.." + MAX_RATE + ", 0 for as fast as possible)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration: " + text(duration) + " (expected: > 0)");
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections: " + connections + " (expected: 1.." + MAX_CONNECTIONS + ")");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("interval: " + text(interval) + " (expected: >= " + text(MIN_INTERVAL) + ")");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + text(timeout) + " (expected: > 0)");
        }
        if (threads < 1 || threads > connections) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1.." + connections + ", the connections)");
        }
    }

    /** A builder for {@code GET url} with every other setting at its default. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** The {@code Host} header sent: {@link #host()} if set, else the URL's host and port. */
    public String hostHeader() {
        if (host != null) {
            return host;
        }
        String name = url.getHost();
        return url.getPort() < 0 ? name : name + ":" + url.getPort();
    }

    private static String text(Duration duration) {
        return duration.toMillis() + "ms";
    }

    /** Builds {@link LoadOptions}; every setting has a default. */
    public static final class Builder {
        private final URI url;
        private @Nullable String host;
        private int rate = DEFAULT_RATE;
        private Duration duration = DEFAULT_DURATION;
        private int connections = DEFAULT_CONNECTIONS;
        private Duration interval = DEFAULT_INTERVAL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int threads;

        private Builder(URI url) {
            this.url = requireNonNull(url, "url");
        }

        /** The {@code Host} header to send; {@code null} (the default) sends the URL's. */
        public Builder host(@Nullable String host) {
            this.host = host;
            return this;
        }

        /** Requests per second, 0..10,000,000; 0 is as fast as possible. Default 200. */
        public Builder rate(int rate) {
            this.rate = rate;
            return this;
        }

        /** How long to send; more than zero. Default 10 s. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Keep-alive connections, 1..10,000. Default 8. */
        public Builder connections(int connections) {
            this.connections = connections;
            return this;
        }

        /** How often an interval is closed; at least 10 ms. Default 1 s. */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        /** How long one request may take; more than zero. Default 10 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Event-loop threads, 1..connections. Default: half the processors, within that range. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the first setting out of range
         */
        public LoadOptions build() {
            int chosenThreads = threads > 0 ? threads
                    : Math.max(1, Math.min(connections, Runtime.getRuntime().availableProcessors() / 2));
            return new LoadOptions(url, host, rate, duration, connections, interval, timeout, chosenThreads);
        }
    }
}
