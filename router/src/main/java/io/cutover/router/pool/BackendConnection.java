package io.cutover.router.pool;

import io.cutover.core.model.AppProtocol;
import io.cutover.router.table.Backend;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive connection to an instance, and the last handler of its pipeline — or, to an h2c instance,
 * one HTTP/2 stream on a connection shared with other exchanges ({@link Http2Parent}), which is never
 * pooled: a stream serves one exchange and closes.
 *
 * <p>Its state says who owns it: an exchange ({@code IN_USE}, events go to the exchange's listener), the
 * pool ({@code IDLE}: anything read or an idle timeout closes it), or nobody ({@code CLOSED}, or
 * {@code DETACHED} when it became a tunnel). Confined to its event loop.
 */
public final class BackendConnection extends ChannelInboundHandlerAdapter {

    enum State { IN_USE, IDLE, CLOSED, DETACHED }

    private final ConnectionPool pool;
    private final Backend backend;
    private final boolean stream;
    private @Nullable Channel channel;
    private @Nullable BackendListener listener;
    private State state = State.IN_USE;
    private boolean reused;
    /** The instance refused this stream before processing any of it; streams to h2c instances only. */
    private boolean refused;

    BackendConnection(ConnectionPool pool, Backend backend, BackendListener listener) {
        this.pool = pool;
        this.backend = backend;
        this.listener = listener;
        this.stream = backend.protocol() == AppProtocol.H2C;
    }

    /** The channel; set once the connection is registered. */
    public Channel channel() {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("backend connection to " + backend + " is not registered yet");
        }
        return ch;
    }

    /** The instance at the other end. */
    public Backend backend() {
        return backend;
    }

    /**
     * Whether the connection served an earlier exchange (so the instance may have closed it meanwhile); for a
     * stream, whether its HTTP/2 connection did.
     */
    public boolean reused() {
        return reused;
    }

    /**
     * Whether the instance refused this stream before processing any of it: RST_STREAM with REFUSED_STREAM,
     * or a GOAWAY whose last stream id is below it (RFC 9113 §8.7), so the request may go elsewhere whatever
     * its method. Only streams to h2c instances are refused so.
     */
    public boolean refused() {
        return refused;
    }

    /**
     * Hands the connection back to the pool after a clean, complete exchange. Closes it instead when the
     * instance has left the table.
     */
    public void release() {
        listener = null;
        if (state != State.IN_USE) {
            return;
        }
        if (stream || backend.retired() || channel == null || !channel.isActive()) {
            close();
            return;
        }
        state = State.IDLE;
        reused = true;
        pool.offer(this);
        // A pending read lets the pool notice when the instance closes the idle connection.
        channel.read();
    }

    /** Closes the connection; it is not reused. */
    public void close() {
        listener = null;
        if (state == State.IDLE) {
            pool.remove(this);
        }
        if (state == State.IN_USE || state == State.IDLE) {
            state = State.CLOSED;
        }
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * Leaves the pool for good: the HTTP codec, the idle timer and this handler leave the pipeline, and
     * bytes the codec still held pass on, raw, to the handlers added after it.
     */
    public void detach() {
        if (stream) {
            throw new IllegalStateException("an HTTP/2 stream to " + backend + " cannot become a tunnel");
        }
        listener = null;
        state = State.DETACHED;
        ChannelPipeline pipeline = channel().pipeline();
        pipeline.remove(this);
        pipeline.remove(BackendInitializer.IDLE);
        pipeline.remove(BackendInitializer.HTTP);
    }

    /** A stream on an HTTP/2 connection that carried earlier streams. */
    void onReusedConnection() {
        reused = true;
    }

    boolean take(BackendListener newListener) {
        if (state != State.IDLE || channel == null || !channel.isActive()) {
            return false;
        }
        state = State.IN_USE;
        listener = newListener;
        return true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BackendListener l = listener;
        if (state == State.IN_USE && l != null) {
            l.backendRead(msg);
        } else {
            // Bytes an idle connection was not asked for: its framing can no longer be trusted.
            ReferenceCountUtil.release(msg);
            close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        BackendListener l = listener;
        if (l != null) {
            l.backendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        BackendListener l = listener;
        if (l != null) {
            l.backendWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.IDLE) {
            pool.remove(this);
        }
        if (state != State.DETACHED) {
            state = State.CLOSED;
        }
        BackendListener l = listener;
        listener = null;
        if (l != null) {
            l.backendClosed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && state == State.IDLE) {
            close();
        } else if (evt instanceof Http2ResetFrame reset && reset.errorCode() == Http2Error.REFUSED_STREAM.code()
                || evt instanceof Http2GoAwayFrame) {
            // A stream's channel is told of a GOAWAY only when the stream is past its last stream id; it closes next.
            refused = true;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The exchange learns of it through channelInactive.
        ctx.close();
    }
}
