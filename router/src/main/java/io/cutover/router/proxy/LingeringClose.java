package io.cutover.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The end of a client connection after the router refused a request it could not read (RFC 9112 §9.6):
 * the refusal is out, the router's side is shut down, and whatever the client still sends is read and
 * dropped until it closes its side, or for {@link #AT_MOST} (or the idle timeout, when shorter). Closing at
 * once with bytes still unread would reset the connection, and a reset can destroy the refusal before the
 * client has read it.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    /** The longest a refused client is read from before its connection closes. */
    static final Duration AT_MOST = Duration.ofSeconds(2);

    private static final String NAME = "linger";

    private LingeringClose() {
    }

    /** Puts the connection of {@code frontend} (the handler being replaced) into its lingering close. */
    static void start(ChannelHandlerContext frontend, Duration idleTimeout) {
        Channel channel = frontend.channel();
        if (!channel.isActive()) {
            return;
        }
        if (!(channel instanceof DuplexChannel duplex)) {
            channel.close();
            return;
        }
        frontend.pipeline().replace(frontend.handler(), NAME, new LingeringClose());
        duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        long limit = Math.min(AT_MOST.toNanos(), idleTimeout.toNanos());
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
            channel.close();
        }, limit, TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
        channel.config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
