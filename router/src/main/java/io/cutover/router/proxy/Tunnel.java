package io.cutover.router.proxy;

import io.cutover.router.pool.BackendConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Relays raw bytes both ways between a client and an instance after they switched protocols (WebSocket
 * or any other upgrade), until either side closes or the client connection goes idle.
 *
 * <p>The HTTP codecs leave both pipelines; bytes already buffered in a codec are passed on as they are.
 * Each side reads again only after the other side could take what it read.
 */
final class Tunnel {

    private final Channel client;
    private final Channel backend;
    private final Runnable onClose;
    private boolean closed;

    private Tunnel(Channel client, Channel backend, Runnable onClose) {
        this.client = client;
        this.backend = backend;
        this.onClose = onClose;
    }

    /**
     * Turns both connections into a tunnel. Call on their event loop, right after the 101 response was
     * written to the client (the codec has encoded it by then).
     *
     * @param idleTimeout the tunnel closes when neither side sent anything this long
     * @param onClose run once when the tunnel closes
     */
    static void open(Channel client, BackendConnection connection, Duration idleTimeout, Runnable onClose) {
        Channel backend = connection.channel();
        Tunnel tunnel = new Tunnel(client, backend, onClose);
        ChannelPipeline front = client.pipeline();
        front.addFirst("idle", new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS));
        front.addLast("tunnel", new Relay(tunnel, backend));
        front.remove(FrontendInitializer.PROXY);
        front.remove(FrontendInitializer.FLOW);
        front.remove(FrontendInitializer.HTTP);
        backend.pipeline().addLast("tunnel", new Relay(tunnel, client));
        connection.detach();
        client.read();
        backend.read();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.run();
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        backend.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Forwards what one side reads to the other side. */
    private static final class Relay extends ChannelInboundHandlerAdapter {

        private final Tunnel tunnel;
        private final Channel peer;

        Relay(Tunnel tunnel, Channel peer) {
            this.tunnel = tunnel;
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                peer.write(bytes, peer.voidPromise());
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            if (peer.isWritable()) {
                ctx.read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                // The peer stopped reading while this side was full; it may read again.
                peer.read();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            tunnel.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                tunnel.close();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            tunnel.close();
        }
    }
}
