package io.cutover.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * One of a lane's keep-alive connections, sending one request at a time. It outlives its channels:
 * when a channel breaks or the server closes it, the next request opens a new one.
 *
 * <p>Its state says who is waiting for it. {@code PREPARING}: connecting and sending one uncounted
 * warm-up request before the run's clock starts. {@code CONNECTING} or {@code BUSY}: a request is out,
 * and the lane hears how it ended exactly once. {@code IDLE} or {@code CLOSED}: free. A request sent
 * while the connection is still preparing waits for it and then goes out. Confined to its lane's event
 * loop; events from a channel it has already given up are ignored.
 */
final class Connection {

    enum State { CLOSED, PREPARING, CONNECTING, IDLE, BUSY }

    /** How much of a body is kept to find the version in; answers under load are small. */
    static final int BODY_LIMIT = 4096;

    private final Lane lane;
    private final Bootstrap bootstrap;
    private final Target target;
    private final byte[] body = new byte[BODY_LIMIT];

    private State state = State.CLOSED;
    private @Nullable Channel channel;
    private @Nullable Runnable whenPrepared;
    private boolean requestWaiting;
    private long latencyStartNanos;
    private long sentNanos;
    private boolean headRead;
    private int status;
    private @Nullable String revision;
    private boolean keepAlive;
    private int bodyLength;

    Connection(Lane lane, Bootstrap bootstrap, Target target) {
        this.lane = lane;
        this.target = target;
        this.bootstrap = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline()
                        .addLast("http", new HttpResponseDecoder(new HttpDecoderConfig()))
                        .addLast("exchange", new Exchange());
            }
        });
    }

    /**
     * Connects and sends one uncounted request ahead of the run, so that the run's clock starts with
     * open connections and with the code that sends and reads loaded; runs {@code whenDone} once that is
     * over, however it ended (a failure is not counted: the first request reconnects).
     */
    void prepare(Runnable whenDone) {
        if (state != State.CLOSED) {
            whenDone.run();
            return;
        }
        whenPrepared = whenDone;
        state = State.PREPARING;
        connect();
    }

    /**
     * Sends the request, opening a channel first if there is none.
     *
     * @param latencyStartNanos when the latency of this request starts: now, or when it was due if it is late
     * @param nowNanos now, from which the timeout counts
     */
    void send(long latencyStartNanos, long nowNanos) {
        this.latencyStartNanos = latencyStartNanos;
        this.sentNanos = nowNanos;
        Channel ch = channel;
        if (state == State.PREPARING) {
            requestWaiting = true;
        } else if (state == State.IDLE && ch != null && ch.isActive()) {
            write(ch);
        } else {
            drop();
            state = State.CONNECTING;
            connect();
        }
    }

    /** Fails the request out as a timeout if it has taken {@code timeoutNanos} since it was sent. */
    void expireIfOlder(long nowNanos, long timeoutNanos) {
        if (requestOut() && nowNanos - sentNanos >= timeoutNanos) {
            broke(ErrorKind.TIMEOUT);
        }
    }

    /** Closes the channel; the connection is free, and the next request reconnects. */
    void close() {
        drop();
    }

    private boolean requestOut() {
        return state == State.BUSY || state == State.CONNECTING || (state == State.PREPARING && requestWaiting);
    }

    private void connect() {
        ChannelFuture connect = bootstrap.connect(target.address());
        channel = connect.channel();
        connect.addListener((ChannelFuture done) -> connected(done));
    }

    private void connected(ChannelFuture done) {
        if (done.channel() != channel) {
            done.channel().close(); // given up on meanwhile (a timeout)
            return;
        }
        if (!done.isSuccess()) {
            broke(ErrorKind.of(done.cause()));
        } else if (state == State.CONNECTING || state == State.PREPARING) {
            write(done.channel()); // the request, or the warm-up one
        }
    }

    private void write(Channel ch) {
        if (state != State.PREPARING) {
            state = State.BUSY;
        }
        headRead = false;
        // A void promise: a failed write surfaces as exceptionCaught, like any other failure.
        ch.writeAndFlush(Unpooled.wrappedBuffer(target.request()), ch.voidPromise());
    }

    private void read(HttpObject message) {
        if (state != State.BUSY && state != State.PREPARING) {
            drop(); // an answer nobody asked for: the framing can no longer be trusted
            return;
        }
        if (message.decoderResult().isFailure()) {
            broke(ErrorKind.PROTOCOL);
            return;
        }
        if (message instanceof HttpResponse head) {
            if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                return;
            }
            headRead = true;
            status = head.status().code();
            revision = head.headers().contains(ResponseVersion.MAINTENANCE_HEADER) ? ResponseVersion.MAINTENANCE
                    : head.headers().get(ResponseVersion.REVISION_HEADER);
            keepAlive = HttpUtil.isKeepAlive(head);
            bodyLength = 0;
        }
        if (!headRead) {
            return;
        }
        if (message instanceof HttpContent content) {
            int n = Math.min(content.content().readableBytes(), BODY_LIMIT - bodyLength);
            content.content().getBytes(content.content().readerIndex(), body, bodyLength, n);
            bodyLength += n;
        }
        if (message instanceof LastHttpContent) {
            long latency = System.nanoTime() - latencyStartNanos;
            String version = ResponseVersion.of(body, bodyLength, revision);
            if (state == State.PREPARING) {
                if (keepAlive) {
                    state = State.IDLE;
                    prepared();
                } else {
                    drop(); // which ends the warm-up too
                }
                return;
            }
            if (keepAlive) {
                state = State.IDLE;
            } else {
                drop();
            }
            lane.answered(this, status, version, latency);
        }
    }

    /** The warm-up is over; a request that waited for it goes out now. */
    private void prepared() {
        Runnable done = whenPrepared;
        whenPrepared = null;
        if (done != null) {
            done.run();
        }
        if (requestWaiting) {
            requestWaiting = false;
            send(latencyStartNanos, sentNanos);
        }
    }

    /** The channel failed; the request out, if any, failed with it (the lane hears once). */
    private void broke(String kind) {
        boolean failedRequest = requestOut();
        requestWaiting = false;
        drop();
        if (failedRequest) {
            lane.failed(this, kind);
        }
    }

    private void drop() {
        boolean wasPreparing = state == State.PREPARING;
        state = State.CLOSED;
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
        if (wasPreparing) {
            prepared();
        }
    }

    /** The last handler of one channel's pipeline: passes its events on while it is the current channel. */
    private final class Exchange extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (ctx.channel() == channel && msg instanceof HttpObject message) {
                    read(message);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == channel) {
                broke(ErrorKind.of(cause));
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                broke(ErrorKind.CLOSED);
            }
        }
    }
}
