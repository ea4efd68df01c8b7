package io.cutover.router.pool;

import io.cutover.core.model.InstanceIdentity;
import io.cutover.router.table.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks an instance who it is before a new connection to it carries a request, for instances whose runtime
 * gives an identity ({@link InstanceIdentity}): a pod's IP goes to the next pod once it is gone, and a
 * route that is a moment stale must not deliver a request there.
 *
 * <p>The question comes after the connection is established, on a second connection: {@code GET /uid} on
 * the identity port at the same host. If the answer is the expected uid, the established connection
 * reached that instance (an address never returns to an instance that lost it; had the instance gone
 * between the two, the first connection would be cut). Anything else (another uid, no answer, a refused
 * connection, no answer within the connect timeout) closes the new connection and fails it as a connect
 * failure, so the request, which reached nothing, is tried on another instance. Runs on the pool's event
 * loop; only new connections pay for it.
 */
final class IdentityCheck {

    private static final Logger log = LoggerFactory.getLogger(IdentityCheck.class);
    /** More than any uid: a longer answer is not one. */
    private static final int MAX_ANSWER = 512;

    private IdentityCheck() {}

    /**
     * Asks, then tells {@code whenConnected}: the connection if the instance answered as itself, else a
     * failure ({@link IdentityMismatchException}) with the connection closed.
     *
     * @param established a connection to {@code backend} that has just been established, not yet told to its user
     * @param discard closes {@code established} without telling its user, when the answer is wrong
     */
    static void verify(Bootstrap bootstrap, Backend backend, Channel established, Runnable discard,
            InstanceIdentity identity, ChannelFutureListener whenConnected, long timeoutMillis) {
        InetSocketAddress target = new InetSocketAddress(backend.address().getAddress(), identity.port());
        Answer answer = new Answer(backend, identity, established, discard, whenConnected);
        bootstrap.clone()
                .option(ChannelOption.AUTO_READ, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(timeoutMillis, TimeUnit.MILLISECONDS), new HttpClientCodec(),
                                new HttpObjectAggregator(MAX_ANSWER), answer);
                    }
                })
                .connect(target)
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        answer.fail("its identity port " + identity.port() + " took no connection (" + f.cause() + ")");
                    }
                });
    }

    /** Reads the answer; decides once. */
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpResponse> {

        private final Backend backend;
        private final InstanceIdentity identity;
        private final Channel established;
        private final Runnable discard;
        private final ChannelFutureListener whenConnected;
        private boolean decided;

        Answer(Backend backend, InstanceIdentity identity, Channel established, Runnable discard,
                ChannelFutureListener whenConnected) {
            this.backend = backend;
            this.identity = identity;
            this.established = established;
            this.discard = discard;
            this.whenConnected = whenConnected;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            FullHttpRequest ask = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/uid");
            ask.headers().set(HttpHeaderNames.HOST, backend.address().getHostString() + ":" + identity.port())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(ask);
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            String uid = response.content().toString(StandardCharsets.UTF_8).strip();
            if (response.status().code() != 200) {
                fail("its identity port answered " + response.status().code());
            } else if (!uid.equals(identity.uid())) {
                fail("it answers as " + uid + ": the address now belongs to another pod");
            } else {
                decide(true, null);
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("its identity port closed the connection without an answer");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail("asking its identity failed (" + cause + ")");
            ctx.close();
        }

        void fail(String why) {
            decide(false, why);
        }

        private void decide(boolean verified, String why) {
            if (decided) {
                return;
            }
            decided = true;
            Channel channel = established;
            try {
                if (verified) {
                    whenConnected.operationComplete(channel.newSucceededFuture());
                } else {
                    log.warn("instance {} at {}: not used, {} (expected uid {})", backend.instanceId(), backend.address(), why,
                            identity.uid());
                    // closed without telling its user, who learns of it as a failed connect and may go elsewhere
                    discard.run();
                    whenConnected.operationComplete(channel.newFailedFuture(new IdentityMismatchException(
                            "instance " + backend.instanceId() + " at " + backend.address() + ": " + why)));
                }
            } catch (Exception e) {
                channel.pipeline().fireExceptionCaught(e);
            }
        }
    }
}
