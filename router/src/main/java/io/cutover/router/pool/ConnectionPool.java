package io.cutover.router.pool;

import io.cutover.core.model.AppProtocol;
import io.cutover.core.model.InstanceIdentity;
import io.cutover.router.table.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The keep-alive connections of one event loop to every instance. Used only from its event loop, so it
 * takes no locks; the most recently used connection is reused first, so the others go idle and close.
 */
public final class ConnectionPool {

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final BackendInitializer.Limits limits;
    private final long identityTimeoutMillis;
    private final Map<Backend, ArrayDeque<BackendConnection>> idle = new HashMap<>();
    private final Http2Connections http2;

    ConnectionPool(EventLoop loop, Bootstrap bootstrap, BackendInitializer.Limits limits, long identityTimeoutMillis) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.limits = limits;
        this.identityTimeoutMillis = identityTimeoutMillis;
        this.http2 = new Http2Connections(bootstrap, identityTimeoutMillis, limits.idleTimeoutMillis());
    }

    /**
     * An idle connection to the instance, now in use by {@code listener}; null when there is none (always, for
     * an h2c instance: its streams are not pooled, their connection is).
     */
    public @Nullable BackendConnection poll(Backend backend, BackendListener listener) {
        ArrayDeque<BackendConnection> connections = idle.get(backend);
        if (connections == null) {
            return null;
        }
        BackendConnection connection;
        while ((connection = connections.pollLast()) != null) {
            if (connection.take(listener)) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    /**
     * A new connection to the instance, in use by {@code listener} from the start; {@link #connect} opens
     * it. Two steps, so the caller holds the connection before any connect callback can run.
     */
    public BackendConnection create(Backend backend, BackendListener listener) {
        return new BackendConnection(this, backend, listener);
    }

    /**
     * Connects a connection made by {@link #create}, on this pool's event loop. For an instance with an
     * identity, the connection counts as established only once the instance answered as itself
     * ({@link IdentityCheck}); otherwise it fails with {@link IdentityMismatchException}.
     *
     * <p>For an h2c instance, the connection is a new stream on an HTTP/2 connection to it ({@link Http2Parent}),
     * which is established (and its identity checked) once, for all its streams.
     *
     * @param whenConnected told when the connection is established or has failed
     */
    public void connect(BackendConnection connection, ChannelFutureListener whenConnected) {
        Backend backend = connection.backend();
        if (backend.protocol() == AppProtocol.H2C) {
            http2.open(connection, whenConnected);
            return;
        }
        InstanceIdentity identity = backend.identity();
        ChannelFuture connecting = bootstrap.clone()
                .handler(new BackendInitializer(connection, limits))
                .connect(backend.address());
        if (identity == null) {
            connecting.addListener(whenConnected);
            return;
        }
        connecting.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                IdentityCheck.verify(bootstrap, backend, connection.channel(), connection::close, identity, whenConnected,
                        identityTimeoutMillis);
            } else {
                whenConnected.operationComplete(f);
            }
        });
    }

    /** Closes every idle connection. */
    void closeAll() {
        List<BackendConnection> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        idle.clear();
        all.forEach(BackendConnection::close);
        http2.closeAll();
    }

    EventLoop loop() {
        return loop;
    }

    void offer(BackendConnection connection) {
        idle.computeIfAbsent(connection.backend(), b -> new ArrayDeque<>(4)).addLast(connection);
    }

    void remove(BackendConnection connection) {
        ArrayDeque<BackendConnection> connections = idle.get(connection.backend());
        if (connections != null) {
            connections.remove(connection);
            if (connections.isEmpty() && connection.backend().retired()) {
                idle.remove(connection.backend());
            }
        }
    }
}
