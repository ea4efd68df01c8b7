package io.cutover.router;

import static java.util.Objects.requireNonNull;

import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import io.cutover.core.routing.TlsCertificate;
import io.cutover.router.eject.EjectionPolicy;
import io.cutover.router.pool.ConnectionPools;
import io.cutover.router.proxy.FrontendInitializer;
import io.cutover.router.proxy.ProxyCounters;
import io.cutover.router.proxy.ProxySettings;
import io.cutover.router.table.LiveTable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.cutover.router.tls.CertificateInfo;
import io.cutover.router.tls.ControllerCertificates;
import io.cutover.router.tls.TlsDirectory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxy every request to an app passes through: HTTP/1.1 and HTTP/2 with prior knowledge
 * (h2c) on its plain listener, and, with a certificate directory, HTTP/1.1 and h2 over TLS on a second
 * listener, the certificate chosen by SNI.
 *
 * <p>Routes by {@code Host} header and path prefix to the app's revisions by weight, then to the least
 * loaded of two random instances; retries on another instance when connecting fails; ejects instances
 * that keep failing for a while (passive outlier ejection); streams bodies both ways; passes WebSocket
 * upgrades through. The route table is swapped atomically by {@link #apply}; the request path takes no
 * lock. Counts every request against its app revision ({@link #revisionMetrics}). To follow a controller's
 * table, start an {@link io.cutover.router.link.ControllerLink} on it.
 *
 * <p>Thread-safe. Each event loop serves its client connections and their backend connections, so the
 * two halves of an exchange never cross threads.
 */
public final class Router implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Duration TLS_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final int DEFAULT_HTTPS_PORT = 443;

    private final LiveTable table;
    private final ProxyCounters counters;
    private final EventLoopGroup group;
    private final ConnectionPools pools;
    private final Channel server;
    private final InetSocketAddress address;
    private final @Nullable Channel tlsServer;
    private final @Nullable TlsDirectory tls;
    /** The certificates the route table carries, served by the TLS listener; null without one. */
    private final @Nullable ControllerCertificates controllerCertificates;
    /** Applies are one at a time: a table's certificates and routes change together. */
    private final Object applying = new Object();
    private volatile boolean closed;

    private Router(LiveTable table, ProxyCounters counters, EventLoopGroup group, ConnectionPools pools, Channel server,
            @Nullable Channel tlsServer, @Nullable TlsDirectory tls) {
        this.table = table;
        this.counters = counters;
        this.group = group;
        this.pools = pools;
        this.server = server;
        this.address = (InetSocketAddress) server.localAddress();
        this.tlsServer = tlsServer;
        this.tls = tls;
        this.controllerCertificates = tls == null ? null : new ControllerCertificates(tls.certificates());
    }

    /**
     * Starts a router serving the empty table (every request gets 404 until {@link #apply}); returns once
     * it listens.
     *
     * @throws IllegalStateException if it cannot listen, e.g. the port is taken
     */
    public static Router start(RouterOptions options) {
        requireNonNull(options, "options");
        Transport transport = Transport.best();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                options.ioThreads(), new DefaultThreadFactory("cutover-router"), transport.ioHandlers());
        TlsDirectory tls = null;
        String listening = options.bindHost() + ":" + options.port();
        try {
            LiveTable table = new LiveTable();
            ProxyCounters counters = new ProxyCounters();
            ConnectionPools pools = new ConnectionPools(
                    group, transport.channel(), options.connectTimeout(), options.backendIdleTimeout());
            ProxySettings settings = new ProxySettings(options.requestTimeout(), options.idleTimeout(),
                    options.maxRetries(), options.maxConnections(), options.maxHeaderSize(),
                    options.maxInitialLineLength(), EjectionPolicy.of(options.ejectAfterFailures(),
                            options.baseEjectionTime(), options.maxEjectionTime()), options.maxConcurrentStreams(),
                    options.httpsPort() > 0 ? options.httpsPort() : DEFAULT_HTTPS_PORT);
            Path tlsDirectory = options.tlsDirectory();
            if (tlsDirectory != null) {
                tls = TlsDirectory.open(tlsDirectory, TLS_CHECK_INTERVAL);
            } else if (options.tlsListener()) {
                tls = TlsDirectory.none();
            }
            Channel tlsServer = null;
            if (tls != null) {
                listening = options.tlsBindHost() + ":" + options.tlsPort();
                tlsServer = listen(group, transport, options.tlsBindHost(), options.tlsPort(),
                        new FrontendInitializer(table, pools, settings, counters, tls.certificates()));
                if (options.httpsPort() == 0) {
                    // Redirects to HTTPS name the TLS listener's own port.
                    settings = settings.withHttpsPort(((InetSocketAddress) tlsServer.localAddress()).getPort());
                }
                listening = options.bindHost() + ":" + options.port();
            }
            Channel server = listen(group, transport, options.bindHost(), options.port(),
                    new FrontendInitializer(table, pools, settings, counters));
            Router router = new Router(table, counters, group, pools, server, tlsServer, tls);
            LOG.info("router listening on {}{} ({}, {} event loops)", router.address,
                    tlsServer == null ? "" : " and " + tlsServer.localAddress() + " (TLS)", transport.name(), options.ioThreads());
            return router;
        } catch (IllegalArgumentException e) {
            shutdown(group, tls);
            throw e; // the TLS directory's own message names the file
        } catch (Exception e) {
            // bind() reports BindException without declaring it.
            shutdown(group, tls);
            throw new IllegalStateException("router cannot listen on " + listening + ": " + e.getMessage(), e);
        }
    }

    private static Channel listen(EventLoopGroup group, Transport transport, String host, int port,
            FrontendInitializer initializer) {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childHandler(initializer)
                .bind(host, port)
                .syncUninterruptibly()
                .channel();
    }

    private static void shutdown(EventLoopGroup group, @Nullable TlsDirectory tls) {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
        if (tls != null) {
            tls.close();
        }
    }

    /** The address the router listens on, with the actual port when port 0 was asked for. */
    public InetSocketAddress address() {
        return address;
    }

    /** The address of the TLS listener, with the actual port when port 0 was asked for; null when there is none. */
    public @Nullable InetSocketAddress tlsAddress() {
        return tlsServer == null ? null : (InetSocketAddress) tlsServer.localAddress();
    }

    /**
     * The certificates the TLS listener serves now, in order of precedence (the default one is reported by
     * {@link #defaultCertificate()}); empty when there is no TLS listener.
     */
    public List<CertificateInfo> certificates() {
        return tls == null ? List.of() : tls.certificates().current().infos();
    }

    /**
     * The name of the certificate of clients that send no SNI or a host no certificate names; null without
     * TLS, or while the listener has no certificate at all.
     */
    public @Nullable String defaultCertificate() {
        var fallback = tls == null ? null : tls.certificates().current().fallback();
        return fallback == null ? null : fallback.name();
    }

    /** Runs {@code listener} each time the certificates the TLS listener serves change; never without TLS. */
    public void onCertificateChange(Runnable listener) {
        if (tls != null) {
            tls.onChange(listener);
        }
    }

    /** Certificate pairs that changed into something that cannot be served since the start (the old one stayed). */
    public long refusedCertificateReloads() {
        return tls == null ? 0 : tls.refusedReloads();
    }

    /**
     * Serves a new route table from the next request on. The swap is one volatile write; instances that
     * stay keep their in-flight counts, instances that left keep being counted until their requests end.
     *
     * <p>Generations compare within one store: a table of another store is taken whatever its numbers;
     * within the store served, a table of an older term or generation is refused.
     *
     * @throws io.cutover.router.table.StaleTermException if the table is of an older term of the same store
     * @throws IllegalArgumentException if the table's generation is lower than the one served, or the
     *     table is inconsistent; the served table is unchanged then
     */
    public void apply(RoutingTable table) {
        applyWith(table.certificates(), () -> this.table.apply(table));
    }

    /**
     * Serves the table a delta makes of the one served; the cost grows with the routes the delta
     * changes, not with the table.
     *
     * @throws io.cutover.router.table.StaleTermException if the delta is of an older term than the one followed
     * @throws IllegalStateException if the generation served is not the delta's base; nothing changes
     * @throws IllegalArgumentException if the change is inconsistent; nothing changes
     */
    public void apply(RoutingDelta delta) {
        applyWith(delta.certificates(), () -> this.table.apply(delta));
    }

    /**
     * Applies a change of the routes and the certificates it carries (null: they stay) together: the
     * certificates are made ready first, so one that cannot be served refuses the change before its routes
     * are applied, and served only once the routes are.
     */
    private void applyWith(@Nullable List<TlsCertificate> certificates, Runnable routes) {
        synchronized (applying) {
            ControllerCertificates.Prepared prepared = controllerCertificates == null || certificates == null ? null
                    : controllerCertificates.prepare(certificates);
            try {
                routes.run();
            } catch (RuntimeException e) {
                if (prepared != null) {
                    prepared.discard();
                }
                throw e;
            }
            if (prepared != null) {
                prepared.commit();
            }
        }
    }

    /**
     * The routing table being served (routes in no particular order); {@link RoutingTable#EMPTY} before the
     * first {@link #apply}. Made on the first call after a change, in time proportional to the table.
     */
    public RoutingTable table() {
        return table.table();
    }

    /** The generation of the table being served; 0 before the first {@link #apply}. */
    public long generation() {
        return table.generation();
    }

    /** The identity of the store the served table's generations come from; empty before the first or when unknown. */
    public String store() {
        return table.store();
    }

    /**
     * Requests in flight per instance id: every instance of the served table (zeros included), plus
     * instances removed from it that still have requests in flight (draining). An open WebSocket counts as
     * one request in flight until it closes.
     */
    public Map<String, Integer> inFlight() {
        return table.inFlight();
    }

    /**
     * The ids of the instances ejected now: after a streak of failures they get no new requests while
     * other instances of their route can take them, until their ejection time is up. Computed on each
     * call from the served table.
     */
    public Set<String> ejected() {
        return table.ejected(System.nanoTime());
    }

    /**
     * Request metrics per app revision since the router started, keyed {@code app/revision} (e.g.
     * {@code hello/2}) and sorted by key: every revision of the served table (with zeros if it had no
     * request yet), and the last 64 revisions that left it. Computed on each call; the request path only
     * bumps counters.
     */
    public Map<String, RevisionMetrics> revisionMetrics() {
        return table.recorders().snapshot();
    }

    /** The router's counters now. */
    public RouterStats stats() {
        return new RouterStats(
                counters.requests(),
                counters.responses(1),
                counters.responses(2),
                counters.responses(3),
                counters.responses(4),
                counters.responses(5),
                counters.retries(),
                counters.noRoute(),
                counters.noInstance(),
                counters.connectFailures(),
                counters.identityMismatches(),
                counters.ejections(),
                counters.timeouts(),
                counters.clientAborts(),
                counters.rejectedConnections(),
                counters.openConnections(),
                counters.tlsHandshakeFailures(),
                counters.http2Connections());
    }

    /**
     * Stops accepting connections, closes idle backend connections, then closes the remaining
     * connections and releases the event loops. Returns when their threads have ended (at most a few
     * seconds). Closing twice does nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close().syncUninterruptibly();
        if (tlsServer != null) {
            tlsServer.close().syncUninterruptibly();
        }
        pools.closeIdle();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        if (tls != null) {
            tls.close();
        }
        LOG.info("router on {} closed", address);
    }
}
