package io.cutover.router.proxy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;

/**
 * Between an HTTP/2 stream's frames and the proxy: removes the {@code x-http2-*} headers the conversion to
 * an HTTP/1.1-shaped request adds (and any a client sent under those names), so they never reach an
 * instance; and ends the stream with {@code RST_STREAM PROTOCOL_ERROR} when the codec or the conversion
 * finds the request malformed (DATA that disagrees with {@code content-length}, a missing pseudo-header,
 * a {@code host} that differs from {@code :authority}), before the proxy sees anything of it.
 */
@Sharable
final class Http2RequestCheck extends ChannelInboundHandlerAdapter {

    static final Http2RequestCheck INSTANCE = new Http2RequestCheck();
    private static final ExtensionHeaderNames[] EXTENSION_HEADERS = ExtensionHeaderNames.values();

    private Http2RequestCheck() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            for (ExtensionHeaderNames name : EXTENSION_HEADERS) {
                request.headers().remove(name.text());
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception || cause.getCause() instanceof Http2Exception) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
