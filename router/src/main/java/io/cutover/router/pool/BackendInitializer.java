package io.cutover.router.pool;

import io.cutover.router.http.FlatHeaders;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipeline of a backend connection: HTTP codec ({@link ResponseCodec}), idle timer, the
 * connection itself. The timer counts from the last read — a pooled connection was last read when its
 * response ended — so it does not wrap every write in a promise.
 */
final class BackendInitializer extends ChannelInitializer<Channel> {

    /** Response limits are generous: the apps are trusted more than the clients. */
    record Limits(long idleTimeoutMillis) {
        static final int MAX_INITIAL_LINE = 16 * 1024;
        static final int MAX_HEADER_SIZE = 64 * 1024;
        static final int MAX_CHUNK_SIZE = 64 * 1024;
    }

    static final String HTTP = "http";
    static final String IDLE = "idle";
    static final String CONNECTION = "connection";

    private final BackendConnection connection;
    private final Limits limits;

    BackendInitializer(BackendConnection connection, Limits limits) {
        this.connection = connection;
        this.limits = limits;
    }

    @Override
    protected void initChannel(Channel ch) {
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(Limits.MAX_INITIAL_LINE)
                .setMaxHeaderSize(Limits.MAX_HEADER_SIZE)
                .setMaxChunkSize(Limits.MAX_CHUNK_SIZE)
                .setHeadersFactory(FlatHeaders.TRUSTED)
                .setTrailersFactory(FlatHeaders.TRUSTED);
        ch.pipeline()
                .addLast(HTTP, new ResponseCodec(decoder))
                .addLast(IDLE, new IdleStateHandler(limits.idleTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast(CONNECTION, connection);
    }
}
