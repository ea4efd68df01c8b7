package io.cutover.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Tells, from a plain connection's first bytes, HTTP/2 with prior knowledge (they are the client preface,
 * {@code PRI * HTTP/2.0}) from HTTP/1.1 (anything else, decided at the first byte that differs), sets up
 * that protocol's handlers and leaves; the bytes read so far go on to them. A connection that has sent
 * neither within the handshake timeout is closed.
 */
final class PrefaceDetector extends ByteToMessageDecoder {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private final ProxyContext context;
    private @Nullable ScheduledFuture<?> timeout;

    PrefaceDetector(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timeout = ctx.executor().schedule(() -> {
            ctx.close();
        }, FrontendInitializer.HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
        for (int i = 0; i < length; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE.getByte(PREFACE.readerIndex() + i)) {
                decided(ctx, false);
                return;
            }
        }
        if (length == PREFACE.readableBytes()) {
            decided(ctx, true);
        }
        // else a prefix of the preface so far: wait for more (the decoder asks for it, auto-read being off)
    }

    private void decided(ChannelHandlerContext ctx, boolean http2) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (http2) {
            Http2Frontend.configure(ctx.pipeline(), context);
        } else {
            FrontendInitializer.http1(ctx.pipeline(), context);
        }
        ctx.pipeline().remove(this); // hands what was read to the handlers just added
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
