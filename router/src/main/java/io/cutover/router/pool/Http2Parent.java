package io.cutover.router.pool;

import io.cutover.core.model.InstanceIdentity;
import io.cutover.router.table.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 connection to an h2c instance (clear text, prior knowledge), carrying the streams of many
 * exchanges: each stream is a child channel whose last handler is a {@link BackendConnection}.
 *
 * <p>Streams asked for while it connects (and, for an instance with an identity, while it answers who it
 * is) wait, up to {@link #MAX_WAITING}; they open once it is established, or fail as connect failures, so
 * their requests, which reached nothing, go elsewhere. It takes no new streams once it has as many open
 * as the instance allows, or once the instance said GOAWAY; it closes when its last stream does then, or
 * when it has had no stream for the idle timeout, or when its instance left the table. Confined to its
 * pool's event loop.
 */
final class Http2Parent {

    /** Streams that may wait for the connection to be established; the instance's own limit is unknown before. */
    static final int MAX_WAITING = 100;

    private static final Logger log = LoggerFactory.getLogger(Http2Parent.class);

    private record Waiting(BackendConnection stream, ChannelFutureListener whenConnected) {}

    private final Http2Connections owner;
    private final Backend backend;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(4);
    private @Nullable Channel channel;
    private @Nullable Http2FrameCodec codec;
    private boolean established;
    private boolean closed;
    private boolean goingAway;
    /** Streams opened and not yet closed. */
    private int open;
    /** Streams opened in the connection's life. */
    private long opened;

    Http2Parent(Http2Connections owner, Backend backend) {
        this.owner = owner;
        this.backend = backend;
    }

    /** Whether a new stream may go on this connection now. */
    boolean takesStreams() {
        if (closed || goingAway) {
            return false;
        }
        Http2FrameCodec c = codec;
        if (!established || c == null) {
            return waiting.size() < MAX_WAITING;
        }
        return open < c.connection().local().maxActiveStreams();
    }

    /** Opens the connection; streams asked for meanwhile wait. */
    void connect(Bootstrap bootstrap, long identityTimeoutMillis, long idleTimeoutMillis, int maxHeaderListSize) {
        ChannelFuture connecting = bootstrap.clone()
                .option(ChannelOption.AUTO_READ, true) // streams are read one by one; the connection reads on
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Http2FrameCodec frames = Http2FrameCodecBuilder.forClient()
                                .initialSettings(Http2Settings.defaultSettings().pushEnabled(false)
                                        .maxHeaderListSize(maxHeaderListSize))
                                .build();
                        codec = frames;
                        ch.pipeline().addLast(frames, new Http2MultiplexHandler(RefusePush.INSTANCE),
                                new IdleStateHandler(idleTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS), new Watcher());
                    }
                })
                .connect(backend.address());
        Channel ch = connecting.channel();
        channel = ch;
        InstanceIdentity identity = backend.identity();
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail(f);
            } else if (identity == null) {
                established();
            } else {
                IdentityCheck.verify(bootstrap, backend, ch, ch::close, identity,
                        answered -> {
                            if (answered.isSuccess()) {
                                established();
                            } else {
                                fail(answered);
                            }
                        }, identityTimeoutMillis);
            }
        });
    }

    /**
     * A stream for {@code stream}'s exchange; {@code whenConnected} is told once it is open (its channel is
     * {@code stream}'s) or has failed.
     */
    void stream(BackendConnection stream, ChannelFutureListener whenConnected) {
        Channel ch = channel;
        if (closed || ch == null) {
            tell(whenConnected, failed(new ClosedChannelException()));
        } else if (!established) {
            waiting.add(new Waiting(stream, whenConnected));
        } else {
            open(ch, stream, whenConnected);
        }
    }

    /** Closes the connection; its open streams are cut. */
    void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private void open(Channel ch, BackendConnection stream, ChannelFutureListener whenConnected) {
        if (opened++ > 0) {
            stream.onReusedConnection();
        }
        open++;
        new Http2StreamChannelBootstrap(ch)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new Http2StreamInitializer(stream))
                .open()
                .addListener((Future<Http2StreamChannel> f) -> {
                    if (f.isSuccess()) {
                        Http2StreamChannel child = f.getNow();
                        child.closeFuture().addListener(c -> streamClosed());
                        tell(whenConnected, child.newSucceededFuture());
                    } else {
                        open--;
                        tell(whenConnected, failed(f.cause()));
                    }
                });
    }

    private void established() {
        Channel ch = channel;
        if (closed || ch == null || !ch.isActive()) {
            fail(failed(new ClosedChannelException()));
            return;
        }
        established = true;
        Waiting next;
        while ((next = waiting.poll()) != null) {
            open(ch, next.stream(), next.whenConnected());
        }
    }

    private void streamClosed() {
        open--;
        if (open == 0 && (goingAway || backend.retired())) {
            close();
        }
    }

    /** The connection failed before it was established: every waiting stream fails with its cause. */
    private void fail(ChannelFuture failure) {
        gone();
        close();
        Waiting next;
        while ((next = waiting.poll()) != null) {
            tell(next.whenConnected(), failure);
        }
    }

    private ChannelFuture failed(Throwable cause) {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("HTTP/2 connection to " + backend + " used before connect", cause);
        }
        return ch.newFailedFuture(cause);
    }

    private void gone() {
        if (!closed) {
            closed = true;
            owner.remove(this);
        }
    }

    Backend backend() {
        return backend;
    }

    /** Tells a listener, as a channel future would: what it throws is logged, not passed on. */
    private static void tell(ChannelFutureListener listener, ChannelFuture future) {
        try {
            listener.operationComplete(future);
        } catch (Exception e) {
            log.warn("a listener of a stream to an h2c instance failed", e);
        }
    }

    /** Watches the connection: GOAWAY, the idle timer, its end. */
    private final class Watcher extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2GoAwayFrame) {
                // Streams past its last one are closed by the codec; the open ones finish.
                goingAway = true;
                owner.remove(Http2Parent.this);
                if (open == 0) {
                    ctx.close();
                }
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && open == 0) {
                ctx.close();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(failed(new ClosedChannelException()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The instance may not push: push is off in the router's settings, so a pushed stream is closed. */
    @ChannelHandler.Sharable
    private static final class RefusePush extends ChannelInboundHandlerAdapter {
        static final RefusePush INSTANCE = new RefusePush();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}
