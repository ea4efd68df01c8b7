package io.cutover.router.pool;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One {@link ConnectionPool} per event loop of the router, so a client's backend connection lives on the
 * client's event loop and the pool needs no lock. The map is built once and never changes.
 */
public final class ConnectionPools {

    private final Map<EventExecutor, ConnectionPool> pools = new IdentityHashMap<>();

    /**
     * Pools for every event loop of {@code group}.
     *
     * @param channelType the socket channel class of the group's transport
     * @param connectTimeout how long connecting may take, and how long an instance may take to answer who it is
     * @param idleTimeout how long an unused connection stays open
     */
    public ConnectionPools(
            EventLoopGroup group,
            Class<? extends SocketChannel> channelType,
            Duration connectTimeout,
            Duration idleTimeout) {
        BackendInitializer.Limits limits = new BackendInitializer.Limits(idleTimeout.toMillis());
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(channelType)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
            pools.put(loop, new ConnectionPool(loop, bootstrap, limits, connectTimeout.toMillis()));
        }
    }

    /** The pool of an event loop of the group. */
    public ConnectionPool forLoop(EventLoop loop) {
        ConnectionPool pool = pools.get(loop);
        if (pool == null) {
            throw new IllegalArgumentException("event loop " + loop + " (expected: one of the router's)");
        }
        return pool;
    }

    /** Closes every idle connection, each on its own event loop. */
    public void closeIdle() {
        for (ConnectionPool pool : pools.values()) {
            if (!pool.loop().isShuttingDown()) {
                pool.loop().execute(pool::closeAll);
            }
        }
    }
}
