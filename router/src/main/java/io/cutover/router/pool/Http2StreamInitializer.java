package io.cutover.router.pool;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;

/**
 * Builds the pipeline of one stream to an h2c instance: HTTP/2 frames to and from the HTTP objects the
 * exchange reads and writes (trailers included), the conversion's own headers kept out of the exchange,
 * then the {@link BackendConnection}.
 */
final class Http2StreamInitializer extends ChannelInitializer<Channel> {

    private final BackendConnection connection;

    Http2StreamInitializer(BackendConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void initChannel(Channel ch) {
        // The frontend validated the request's headers, and the instance is trusted as on HTTP/1.1.
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false, false), ConversionHeaders.INSTANCE, connection);
    }

    /**
     * The conversion marks a response with its stream id, and the request it sends with the scheme, in
     * {@code x-http2-*} headers: the one is not for the client, and the other would follow the request if it
     * were replayed to an HTTP/1.1 instance (the conversion writes it into the request's own headers).
     */
    @ChannelHandler.Sharable
    static final class ConversionHeaders extends ChannelDuplexHandler {
        static final ConversionHeaders INSTANCE = new ConversionHeaders();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse response) {
                response.headers().remove(ExtensionHeaderNames.STREAM_ID.text());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise);
            if (msg instanceof HttpRequest request) {
                // encoded by now: the conversion runs within the write
                request.headers().remove(ExtensionHeaderNames.SCHEME.text());
            }
        }
    }
}
