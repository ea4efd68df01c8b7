package io.cutover.router.proxy;

import io.cutover.router.http.FlatHeaders;
import io.cutover.router.pool.ConnectionPools;
import io.cutover.router.table.LiveTable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.flow.FlowControlHandler;

/**
 * Builds the pipeline of each client connection: HTTP codec (with the size limits and the refusals of
 * {@link RequestCodec}), one message per read, the proxy (which keeps the connection's request and idle
 * timer itself). Closes connections past the connection limit at once.
 */
public final class FrontendInitializer extends ChannelInitializer<Channel> {

    static final String HTTP = "http";
    static final String FLOW = "flow";
    static final String PROXY = "proxy";

    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ProxyContext context;

    /**
     * @param table the table requests are routed by
     * @param pools the backend connection pools of the router's event loops
     * @param settings limits and timeouts
     * @param counters where the proxy counts what it does
     */
    public FrontendInitializer(LiveTable table, ConnectionPools pools, ProxySettings settings, ProxyCounters counters) {
        this.context = new ProxyContext(table, pools, settings, counters, new AddressText());
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
        ProxySettings settings = context.settings();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxInitialLineLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setHeadersFactory(FlatHeaders.VALIDATING)
                .setTrailersFactory(FlatHeaders.VALIDATING);
        ch.pipeline()
                .addLast(HTTP, new RequestCodec(decoder))
                .addLast(FLOW, new FlowControlHandler())
                .addLast(PROXY, new FrontendHandler(context));
    }
}
