package io.cutover.router.proxy;

import io.cutover.router.balance.Balancer;
import io.cutover.router.pool.BackendConnection;
import io.cutover.router.pool.BackendListener;
import io.cutover.router.pool.ConnectionPool;
import io.cutover.router.table.Backend;
import io.cutover.router.table.Route;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A copy of a request sent to the canary revision ({@code strategy.mirror}): the response is read and
 * discarded, and nothing about it reaches the client — the original exchange neither waits for it nor
 * hears of its failure. It counts in the canary revision's metrics (so analysis sees it), and keeps the
 * instance counted in flight while it runs, so a drain waits for it.
 *
 * <p>Only idempotent requests without a body are copied ({@link #wanted}); the copy carries {@code
 * X-Cutover-Mirror: true}. Confined to the client's event loop, like the exchange that made it.
 */
final class Mirror implements BackendListener {

    /** Marks a mirrored copy, so an app can tell it from a request a client is waiting for. */
    static final AsciiString MIRROR_HEADER = AsciiString.cached("x-cutover-mirror");

    private static final Backend[] NONE_TRIED = new Backend[0];

    private final Backend backend;
    private final HttpRequest copy;
    private final long startNanos = System.nanoTime();
    private final ChannelFutureListener onConnect = this::connected;
    private @Nullable BackendConnection connection;
    private @Nullable ScheduledFuture<?> timeout;
    private int status;
    private boolean keepAlive;
    private boolean done;

    private Mirror(Backend backend, HttpRequest copy) {
        this.backend = backend;
        this.copy = copy;
    }

    /**
     * Whether a request should be copied to the route's canary: the route mirrors, the method is GET,
     * HEAD or OPTIONS, there is no body and no protocol switch, and the request falls in the share.
     */
    static boolean wanted(Route route, HttpRequest request, boolean hasBody, boolean upgrade) {
        int percent = route.mirrorPercent();
        if (percent == 0 || hasBody || upgrade) {
            return false;
        }
        HttpMethod method = request.method();
        boolean idempotent = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        return idempotent && (percent == 100 || ThreadLocalRandom.current().nextInt(100) < percent);
    }

    /**
     * Sends a copy of {@code request} (its headers already prepared for an instance) to an instance of
     * the route's canary revision in service; does nothing when none is.
     */
    static void send(ProxyContext context, ConnectionPool pool, EventLoop loop, Route route, HttpRequest request) {
        Backend target = Balancer.choose(route.mirrorTarget(), -1, NONE_TRIED, 0, System.nanoTime());
        if (target == null) {
            return;
        }
        HttpRequest copy = new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                request.headers().copy());
        copy.headers().set(MIRROR_HEADER, "true");
        Mirror mirror = new Mirror(target, copy);
        target.acquire();
        mirror.timeout = loop.schedule(mirror::timedOut, context.settings().requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        BackendConnection pooled = pool.poll(target, mirror);
        if (pooled != null) {
            mirror.attach(pooled);
        } else {
            BackendConnection fresh = pool.create(target, mirror);
            mirror.connection = fresh;
            pool.connect(fresh, mirror.onConnect);
        }
    }

    private void connected(ChannelFuture future) {
        BackendConnection c = connection;
        if (done || c == null) {
            if (future.isSuccess()) {
                future.channel().close();
            }
            return;
        }
        if (future.isSuccess()) {
            attach(c);
        } else {
            finish(502, true, false);
        }
    }

    private void attach(BackendConnection c) {
        connection = c;
        Channel ch = c.channel();
        ch.write(copy);
        ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        ch.read();
    }

    @Override
    public void backendRead(Object msg) {
        try {
            if (msg instanceof HttpResponse head && head.status().code() >= 200) {
                status = head.status().code();
                keepAlive = HttpUtil.isKeepAlive(head);
            }
            if (msg instanceof LastHttpContent && status != 0) {
                finish(status, false, keepAlive);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void backendReadComplete() {
        BackendConnection c = connection;
        if (!done && c != null) {
            c.channel().read();
        }
    }

    @Override
    public void backendWritabilityChanged(boolean writable) {
        // one small request head: nothing to pace
    }

    @Override
    public void backendClosed() {
        finish(status == 0 ? 502 : status, false, false);
    }

    private void timedOut() {
        finish(504, false, false);
    }

    /** Ends the copy once: counted in the canary's metrics, the connection pooled or closed, the count dropped. */
    private void finish(int outcome, boolean unreachable, boolean reuse) {
        if (done) {
            return;
        }
        done = true;
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
        backend.recorder().record(outcome, unreachable, System.nanoTime() - startNanos);
        BackendConnection c = connection;
        connection = null;
        if (c != null) {
            if (reuse) {
                c.release();
            } else {
                c.close();
            }
        }
        backend.release();
    }
}
