package io.cutover.router.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client connection: Netty's HTTP/2 codec with the router's limits, and one child channel per
 * stream that turns the stream's frames into an HTTP/1.1-shaped request for the same proxy
 * ({@link FrontendHandler}) as HTTP/1.1 connections, so every routing feature works alike on both.
 *
 * <p>Limits: {@code maxConcurrentStreams} streams open at once (more are refused with
 * {@code REFUSED_STREAM}); a header list of at most {@code maxHeaderSize} bytes; a 64 KiB window per
 * stream, so a client sends no more of a body than the instance has taken; at most
 * {@value #MAX_RESETS_PER_WINDOW} streams reset by the client per {@value #RESET_WINDOW_SECONDS} s, past
 * which the connection is closed with {@code ENHANCE_YOUR_CALM} (HTTP/2 rapid reset, CVE-2023-44487:
 * a reset stream frees its slot at once while the work it started goes on); floods of empty DATA or tiny
 * CONTINUATION frames close it too (Netty's defaults). Header names and pseudo-headers are validated:
 * connection-specific headers ({@code connection}, {@code transfer-encoding}, {@code te} other than
 * {@code trailers}), missing, repeated, unknown or misplaced pseudo-headers, and DATA that disagrees with
 * {@code content-length} end the stream with {@code PROTOCOL_ERROR} before anything reaches an instance.
 *
 * <p>The connection reads freely (its streams' windows bound what it buffers); each stream reads one
 * message at a time, like an HTTP/1.1 connection. A connection without open streams and without traffic
 * for the idle timeout is closed with {@code GOAWAY}.
 */
final class Http2Frontend {

    /** Client resets allowed per window before the connection is closed: Netty's default, named here. */
    static final int MAX_RESETS_PER_WINDOW = 200;
    static final int RESET_WINDOW_SECONDS = 30;
    private static final int STREAM_WINDOW = 64 * 1024;
    /**
     * A stream's reads are counted in frames, not sized: a fixed allocator's handle is a few fields, where
     * the adaptive default's, made anew for every stream, was a quarter of the sampled allocation weight of the
     * HTTP/2 path in a profile (bench/profile-router.sh --case h2c).
     */
    private static final RecvByteBufAllocator STREAM_READS = new FixedRecvByteBufAllocator(4096);

    private Http2Frontend() {
    }

    /** Adds the HTTP/2 handlers at the end of a connection's pipeline and starts reading. */
    static void configure(ChannelPipeline pipeline, ProxyContext context) {
        ProxySettings settings = context.settings();
        Http2Settings initial = Http2Settings.defaultSettings()
                .maxConcurrentStreams(settings.maxConcurrentStreams())
                .maxHeaderListSize(settings.maxHeaderSize())
                .initialWindowSize(STREAM_WINDOW);
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(initial)
                .validateHeaders(true)
                .validateRequiredPseudoHeaders(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RESET_WINDOW_SECONDS)
                .build();
        long idleMillis = settings.idleTimeout().toMillis();
        // Streams answered during one read are flushed together: one write to the socket, not one per stream.
        pipeline.addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                .addLast(codec)
                .addLast(new Http2MultiplexHandler(new StreamInitializer(context)))
                .addLast(new CloseWhenIdle(codec));
        context.counters().http2Connection();
        pipeline.channel().config().setAutoRead(true);
    }

    /** The pipeline of one stream: frames to HTTP objects, the request check, one message per read, the proxy. */
    private static final class StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

        private final ProxyContext context;

        StreamInitializer(ProxyContext context) {
            this.context = context;
        }

        @Override
        protected void initChannel(Http2StreamChannel stream) {
            stream.config().setAutoRead(false);
            stream.config().setRecvByteBufAllocator(STREAM_READS);
            stream.pipeline()
                    .addLast(new Http2StreamFrameToHttpObjectCodec(true, true))
                    .addLast(Http2RequestCheck.INSTANCE)
                    .addLast(FrontendInitializer.FLOW, new FlowControlHandler())
                    .addLast(FrontendInitializer.PROXY, new FrontendHandler(context));
        }
    }

    /** Closes the connection (with {@code GOAWAY}) when it has been idle with no stream open. */
    private static final class CloseWhenIdle extends ChannelInboundHandlerAdapter {

        private final Http2FrameCodec codec;

        CloseWhenIdle(Http2FrameCodec codec) {
            this.codec = codec;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                if (codec.connection().numActiveStreams() == 0) {
                    ctx.close();
                }
                return;
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
