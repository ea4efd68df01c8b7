package io.cutover.router.proxy;

import io.cutover.router.http.FlatHeaders;
import io.cutover.router.pool.ConnectionPools;
import io.cutover.router.table.LiveTable;
import io.cutover.router.tls.SniCertificates;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.SniHandler;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of each client connection. Closes connections past the connection limit at once.
 * On the plain listener the first bytes tell HTTP/1.1 from HTTP/2 with prior knowledge (h2c,
 * {@link PrefaceDetector}); on the TLS listener the certificate is chosen by SNI and the protocol by ALPN
 * ({@link AlpnSwitch}). Then:
 *
 * <ul>
 *   <li>HTTP/1.1: the codec (with the size limits and the refusals of {@link RequestCodec}), one message
 *       per read, the proxy (which keeps the connection's request and idle timer itself);</li>
 *   <li>HTTP/2: {@link Http2Frontend}, one proxy per stream.</li>
 * </ul>
 */
public final class FrontendInitializer extends ChannelInitializer<Channel> {

    static final String HTTP = "http";
    static final String FLOW = "flow";
    static final String PROXY = "proxy";

    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    /** A client that sends no whole TLS handshake or connection preface within this long is closed. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** The largest ClientHello read for its SNI; real ones are under 2 KiB, post-quantum key shares included. */
    private static final int MAX_CLIENT_HELLO = 16 * 1024;

    private final ProxyContext context;
    private final @Nullable SniCertificates tls;

    /**
     * A plain listener's initializer.
     *
     * @param table the table requests are routed by
     * @param pools the backend connection pools of the router's event loops
     * @param settings limits and timeouts
     * @param counters where the proxy counts what it does
     */
    public FrontendInitializer(LiveTable table, ConnectionPools pools, ProxySettings settings, ProxyCounters counters) {
        this(table, pools, settings, counters, null);
    }

    /**
     * A listener's initializer; a TLS one when {@code tls} is given.
     *
     * @param tls the certificates to choose from by SNI, or null for plain HTTP
     */
    public FrontendInitializer(LiveTable table, ConnectionPools pools, ProxySettings settings, ProxyCounters counters,
            @Nullable SniCertificates tls) {
        this.context = new ProxyContext(table, pools, settings, counters, new AddressText(), tls != null);
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel ch) {
        ProxyCounters counters = context.counters();
        if (counters.connectionOpened() > context.settings().maxConnections()) {
            counters.connectionClosed();
            counters.connectionRejected();
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> counters.connectionClosed());
        if (tls != null) {
            ch.pipeline()
                    .addLast(new SniHandler(tls, MAX_CLIENT_HELLO, HANDSHAKE_TIMEOUT_MILLIS))
                    .addLast(new AlpnSwitch(context))
                    .addLast(FirstRead.INSTANCE);
        } else {
            ch.pipeline().addLast(new PrefaceDetector(context)).addLast(FirstRead.INSTANCE);
        }
    }

    /** Adds the HTTP/1.1 handlers at the end of a connection's pipeline; the proxy starts reading at once. */
    static void http1(ChannelPipeline pipeline, ProxyContext context) {
        ProxySettings settings = context.settings();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxInitialLineLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setHeadersFactory(FlatHeaders.VALIDATING)
                .setTrailersFactory(FlatHeaders.VALIDATING);
        pipeline.addLast(HTTP, new RequestCodec(decoder))
                .addLast(FLOW, new FlowControlHandler())
                .addLast(PROXY, new FrontendHandler(context));
    }
}
