package io.cutover.router.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/2 client for tests, on Netty: h2c with prior knowledge or h2 over TLS (ALPN), one connection,
 * any number of streams. It does not validate what it sends, so tests can send what a hostile client would:
 * connection-specific headers, bad pseudo-headers, a body that disagrees with {@code content-length},
 * header lists past the server's limit, resets right after the request.
 */
public final class H2Client implements AutoCloseable {

    /** A stream's outcome: the response headers, body and trailers, or the reset that ended it. */
    public record Response(@Nullable Http2Headers headers, byte[] body, @Nullable Http2Headers trailers,
            @Nullable Http2Error reset) {

        public int status() {
            return headers == null ? -1 : Integer.parseInt(headers.status().toString());
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public @Nullable String header(String name) {
            CharSequence value = headers == null ? null : headers.get(name);
            return value == null ? null : value.toString();
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final CompletableFuture<Http2Settings> serverSettings = new CompletableFuture<>();
    private final CompletableFuture<Http2Error> goAway = new CompletableFuture<>();

    private H2Client(InetSocketAddress address, @Nullable SslContext tls, @Nullable String sni) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .validateHeaders(false)
                .encoderIgnoreMaxHeaderListSize(true) // sends a header list past the server's limit, for the server to refuse
                .initialSettings(Http2Settings.defaultSettings())
                .build();
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), sni == null ? "" : sni, address.getPort()));
                        }
                        ch.pipeline().addLast(codec, new ConnectionFrames(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                })
                .connect(address).syncUninterruptibly().channel();
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl != null) {
            ssl.handshakeFuture().syncUninterruptibly();
        }
    }

    /** Connects with prior knowledge (h2c). */
    public static H2Client h2c(InetSocketAddress address) {
        return new H2Client(address, null, null);
    }

    /** Connects over TLS, naming {@code sni}; {@code tls} must offer {@code h2} by ALPN. */
    public static H2Client h2(InetSocketAddress address, SslContext tls, String sni) {
        return new H2Client(address, tls, sni);
    }

    /** The protocol ALPN agreed on, null over h2c. */
    public @Nullable String alpn() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        return ssl == null ? null : ssl.applicationProtocol();
    }

    /** The settings the server sent first. */
    public Http2Settings serverSettings() {
        return serverSettings.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The error code of the GOAWAY the server sent, once it has. */
    public CompletableFuture<Http2Error> goAway() {
        return goAway;
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Request headers for {@code GET authority path}, validated by nobody. */
    public static Http2Headers get(String authority, String path) {
        return new DefaultHttp2Headers(false).method("GET").scheme("https").authority(authority).path(path);
    }

    /** Sends a request without a body and waits for its outcome. */
    public Response send(Http2Headers headers) {
        return request(headers, null).orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** Sends a request, with {@code body} as one DATA frame when given; completes with its outcome. */
    public CompletableFuture<Response> request(Http2Headers headers, byte @Nullable [] body) {
        Collector collector = new Collector();
        Http2StreamChannel stream = open(collector);
        stream.write(new DefaultHttp2HeadersFrame(headers, body == null));
        if (body != null) {
            stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
        }
        stream.flush();
        return collector.outcome;
    }

    /**
     * Sends a request head and resets the stream right after it, as a rapid-reset attack does; false when
     * the connection is closed.
     */
    public boolean requestAndReset(Http2Headers headers) {
        io.netty.util.concurrent.Future<Http2StreamChannel> opened =
                new Http2StreamChannelBootstrap(channel).handler(new ChannelInboundHandlerAdapter()).open().awaitUninterruptibly();
        if (!opened.isSuccess()) {
            return false;
        }
        Http2StreamChannel stream = opened.getNow();
        stream.write(new DefaultHttp2HeadersFrame(headers, false));
        stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
        return channel.isActive();
    }

    private Http2StreamChannel open(io.netty.channel.ChannelHandler handler) {
        return new Http2StreamChannelBootstrap(channel).handler(handler).open().syncUninterruptibly().getNow();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What one stream receives. */
    private static final class Collector extends SimpleChannelInboundHandler<Http2StreamFrame> {

        final CompletableFuture<Response> outcome = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private @Nullable Http2Headers headers;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            if (frame instanceof Http2HeadersFrame head) {
                boolean interim = head.headers().status() != null && head.headers().status().charAt(0) == '1';
                if (headers == null && !interim) {
                    headers = head.headers();
                    if (head.isEndStream()) {
                        outcome.complete(new Response(headers, body.toByteArray(), null, null));
                    }
                } else if (headers != null) {
                    outcome.complete(new Response(headers, body.toByteArray(), head.headers(), null));
                }
            } else if (frame instanceof Http2DataFrame data) {
                ByteBuf content = data.content();
                body.writeBytes(ByteBufUtil.getBytes(content));
                if (data.isEndStream()) {
                    outcome.complete(new Response(headers, body.toByteArray(), null, null));
                }
            }
        }

        /** A stream's RST_STREAM comes as an event, not a message. */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof Http2ResetFrame reset) {
                outcome.complete(new Response(headers, body.toByteArray(), null, Http2Error.valueOf(reset.errorCode())));
            }
            io.netty.util.ReferenceCountUtil.release(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            outcome.complete(new Response(headers, body.toByteArray(), null, Http2Error.STREAM_CLOSED));
        }
    }

    /** Notes the frames of the connection itself (the server's settings, its GOAWAY) and passes everything on. */
    private final class ConnectionFrames extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2SettingsFrame settings) {
                serverSettings.complete(settings.settings());
            } else if (msg instanceof Http2GoAwayFrame frame) {
                goAway.complete(Http2Error.valueOf(frame.errorCode()));
            }
            ctx.fireChannelRead(msg);
        }
    }
}
