package io.cutover.router.proxy;

import io.cutover.router.table.HostName;
import io.cutover.router.table.HttpsRule;
import io.cutover.router.table.MaintenanceReply;
import io.cutover.router.table.Route;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads requests one at a time, routes each to an {@link Exchange} or answers it
 * itself (404, 503, 400...), and keeps the connection alive between them.
 *
 * <p>Auto-read is off; a {@code FlowControlHandler} before this one hands over one message per
 * {@link #readRequest()}. The next request head is read only after the current response is written and
 * the current request fully read, so pipelined requests are served in order. Request bodies the router
 * answered itself are read and dropped, so the connection can stay open.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(FrontendHandler.class);
    /** {@code always}: only the canary revision; {@code never}: anything but it (routes with a canary only). */
    static final AsciiString CANARY_HEADER = AsciiString.cached("x-cutover-canary");
    /** {@code true}: only the preview revision (a blue-green deployment's green before the switch). */
    static final AsciiString PREVIEW_HEADER = AsciiString.cached("x-cutover-preview");

    private final ProxyContext context;
    private final Attempts attempts;
    private final ChannelFutureListener onErrorWritten = f -> responseFinished(true, !f.isSuccess());

    private @Nullable ChannelHandlerContext ctx;
    private String clientIp = "";
    private String localPort = "";
    private boolean begun;
    private @Nullable Exchange exchange;
    private @Nullable HttpRequest current;
    private boolean requestComplete = true;
    private boolean responseComplete = true;
    private boolean keepAlive = true;
    private boolean readPending;
    private boolean upgraded;
    /** A part of a request could not be read: the connection ends after the answer, with a lingering close. */
    private boolean refusing;
    /**
     * The connection's one timer, for both the request timeout (while an exchange runs) and the idle
     * timeout (while none does). When it fires it acts if the deadline of the moment is over, else re-arms
     * for what is left of it (while an exchange runs, for at most one idle timeout); an exchange starting
     * re-arms it only when it would fire too late. So back-to-back requests on a keep-alive connection
     * schedule nothing per request.
     */
    private @Nullable ScheduledFuture<?> timer;
    /** When the pending timer fires, as {@code System.nanoTime()}. */
    private long timerAt;
    /** When the connection last had traffic while no exchange ran, as {@code System.nanoTime()}. */
    private long idleSince;
    private final Runnable onTimer = this::timerFired;

    FrontendHandler(ProxyContext context) {
        this.context = context;
        this.attempts = new Attempts(context.settings().maxRetries());
    }

    /** Added once the connection's protocol is known (after TLS, ALPN or the h2c preface): starts reading then. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    /** Leaving the pipeline (the connection became a tunnel, which keeps its own idle timer, or closed). */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start();
        ctx.fireChannelActive();
    }

    private void start() {
        if (begun) {
            return;
        }
        begun = true;
        idleSince = System.nanoTime();
        armTimer(idleSince + context.settings().idleTimeout().toNanos());
        clientIp = context.addresses().client(ctx.channel().remoteAddress());
        localPort = context.addresses().port(ctx.channel().localAddress());
        readRequest();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readPending = false;
        if (refusing) {
            ReferenceCountUtil.release(msg); // the connection ends: nothing after the refused part counts
            return;
        }
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            rejectMalformed(object);
            return;
        }
        if (msg instanceof HttpRequest request) {
            requestHead(request);
        }
        if (msg instanceof HttpContent content) {
            requestContent(content);
        } else if (!(msg instanceof HttpRequest)) {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // A read cycle can end without the message that was asked for; then ask again.
        if (readPending) {
            readPending = false;
            readRequest();
        }
        ctx.fireChannelReadComplete();
    }

    // --- requests

    private void requestHead(HttpRequest request) {
        if (!requestComplete || !responseComplete) {
            // Reads are requested one message at a time, so a head now means a broken invariant.
            ctx.close();
            return;
        }
        requestComplete = false;
        responseComplete = false;
        current = request;
        keepAlive = HttpUtil.isKeepAlive(request);
        context.counters().request();
        String hostHeader = request.headers().get(HttpHeaderNames.HOST);
        if (hostHeader == null && request.protocolVersion() != HttpVersion.HTTP_1_0) {
            sendError(ErrorResponse.missingHost());
            readRequest();
            return;
        }
        String host = HostName.normalize(hostHeader == null ? "" : hostHeader);
        Route route = context.table().current().find(host, request.uri());
        if (route == null) {
            context.counters().noRouteFound();
            sendError(ErrorResponse.noRoute(host));
            readRequest();
            return;
        }
        HttpsRule https = route.https();
        if (https != null && !context.secure() && https.redirects(request.uri())) {
            FullHttpResponse redirect = RouteAnswers.httpsRedirect(request, host, context.settings().httpsPort(), keepAlive);
            if (redirect != null) {
                sendOwn(redirect);
            } else {
                sendError(ErrorResponse.hostNotRedirectable());
            }
            readRequest();
            return;
        }
        MaintenanceReply maintenance = route.maintenance();
        if (maintenance != null && !maintenance.bypassedBy(request.headers())) {
            sendOwn(RouteAnswers.maintenance(maintenance, request, keepAlive, https, context.secure()));
            readRequest();
            return;
        }
        if (route.hasCanary()) {
            String side = request.headers().get(CANARY_HEADER);
            if (side != null) {
                route = route.forCanaryHeader(side);
            } else if ("true".equalsIgnoreCase(request.headers().get(PREVIEW_HEADER))) {
                route = route.canaryOnly(); // a blue-green's green before the switch
            }
        }
        if (!route.routable()) {
            context.counters().noInstanceFound();
            sendError(ErrorResponse.noInstance(route.noInstanceMessage()));
            readRequest();
            return;
        }
        int pinned = route.sticky() ? route.pinnedRevision(request.headers().get(HttpHeaderNames.COOKIE)) : -1;
        Exchange started = new Exchange(this, context, ctx.channel(), request, route, pinned, attempts, keepAlive);
        exchange = started;
        started.start(clientIp, hostHeader == null ? "" : hostHeader, localPort);
        if (exchange == started) {
            long deadline = started.startedAt() + context.settings().requestTimeout().toNanos();
            if (timer == null || timerAt - deadline > 0) {
                armTimer(deadline);
            }
        }
    }

    /**
     * The connection's timer: times out the running exchange if its time is over, or closes the connection
     * if it has been idle too long; else waits for what is left.
     */
    private void timerFired() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        Exchange running = exchange;
        long now = System.nanoTime();
        long deadline = running != null
                ? running.startedAt() + context.settings().requestTimeout().toNanos()
                : idleSince + context.settings().idleTimeout().toNanos();
        if (deadline - now > 0) {
            // While an exchange runs, look again within one idle timeout too, so the idle timeout still
            // counts from the end of the response when it is the shorter one.
            long idleCheck = now + context.settings().idleTimeout().toNanos();
            armTimer(running != null && deadline - idleCheck > 0 ? idleCheck : deadline);
        } else if (running != null) {
            running.timedOut();
            if (timer == null && ctx.channel().isActive()) {
                armTimer(idleSince + context.settings().idleTimeout().toNanos());
            }
        } else {
            ctx.close();
        }
    }

    /** Schedules the timer for a deadline (a {@code System.nanoTime()}), replacing one that fires later. */
    private void armTimer(long deadline) {
        cancelTimer();
        timerAt = deadline;
        timer = ctx.executor().schedule(onTimer, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        ScheduledFuture<?> pending = timer;
        timer = null;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void requestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        Exchange e = exchange;
        if (e != null && e.acceptsContent()) {
            e.content(content);
            return;
        }
        content.release();
        if (e == null) {
            idleSince = System.nanoTime(); // a body read and dropped after the router's own answer is traffic
        }
        if (last) {
            nextRequest();
        } else {
            readRequest();
        }
    }

    /** Asks for the next request message, unless a read is already pending. */
    void readRequest() {
        if (!readPending && !upgraded) {
            readPending = true;
            ctx.read();
        }
    }

    // --- responses

    /**
     * The whole response to the current request is written (or failed to be).
     *
     * @param keepConnection whether the response allows the connection to stay open
     * @param writeFailed whether writing the response failed
     */
    void responseFinished(boolean keepConnection, boolean writeFailed) {
        responseComplete = true;
        exchange = null;
        idleSince = System.nanoTime();
        if (!keepConnection) {
            keepAlive = false;
        }
        HttpRequest request = current;
        boolean bodyWillNotCome = !requestComplete && request != null
                && request.headers().contains(HttpHeaderNames.EXPECT);
        if (writeFailed || bodyWillNotCome) {
            // A client that waited for 100 Continue and got a final answer sends no body to skip.
            ctx.close();
        } else if (requestComplete) {
            nextRequest();
        } else {
            // Read the rest of the body even when closing: closing with unread bytes resets the
            // connection and can destroy the response in flight.
            readRequest();
        }
    }

    /** Answers the current request with the router's own error. */
    void sendError(ErrorResponse error) {
        HttpRequest request = current;
        if (!requestComplete && request.headers().contains(HttpHeaderNames.EXPECT)) {
            keepAlive = false;
        }
        context.counters().response(error.status().code());
        ctx.writeAndFlush(error.toResponse(request.protocolVersion(), request.method() == HttpMethod.HEAD, keepAlive))
                .addListener(onErrorWritten);
    }

    /**
     * Answers the current request with a response the router made for its route (maintenance, redirect).
     * A client waiting for {@code 100 Continue} sends no body after it, so the connection ends then.
     */
    private void sendOwn(FullHttpResponse response) {
        HttpRequest request = current;
        if (!requestComplete && request.headers().contains(HttpHeaderNames.EXPECT)) {
            keepAlive = false;
            ResponseHeaders.setConnection(response.headers(), request.protocolVersion(), false);
        }
        context.counters().response(response.status().code());
        ctx.writeAndFlush(response).addListener(onErrorWritten);
    }

    /** Closes the client connection: a response was cut short. */
    void close() {
        keepAlive = false;
        ctx.close();
    }

    /** The exchange switched protocols: a tunnel owns the connection from now on. */
    void upgraded() {
        upgraded = true;
        exchange = null;
    }

    private void nextRequest() {
        if (!requestComplete || !responseComplete) {
            return;
        }
        current = null;
        if (keepAlive) {
            readRequest();
        } else if (refusing) {
            LingeringClose.start(ctx, context.settings().idleTimeout());
        } else {
            ctx.close();
        }
    }

    /**
     * A request head or body part the decoder could not take. A head that comes while the connection is
     * idle gets its answer ({@link ErrorResponse#refusing}); a body that goes bad gets a 400 if its response
     * has not begun, else the connection is cut. Either way nothing more is read from the connection.
     */
    private void rejectMalformed(HttpObject failed) {
        Throwable cause = failed.decoderResult().cause();
        keepAlive = false;
        refusing = true;
        if (failed instanceof HttpRequest request && exchange == null && requestComplete && responseComplete) {
            context.counters().request();
            ErrorResponse error = ErrorResponse.refusing(cause, context.settings());
            context.counters().response(error.status().code());
            current = request;
            responseComplete = false;
            ctx.writeAndFlush(error.toResponse(HttpVersion.HTTP_1_1, request.method() == HttpMethod.HEAD, false))
                    .addListener(onErrorWritten);
            return;
        }
        requestComplete = true; // what is left of the request will not be read
        Exchange e = exchange;
        if (e != null && !e.requestInvalid(ErrorResponse.malformedBody(String.valueOf(cause.getMessage())))) {
            exchange = null;
            ctx.close();
        } else if (e == null && responseComplete) {
            nextRequest();
        }
        // Else the response on its way ends first; then nextRequest closes the connection.
    }

    // --- connection events

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange e = exchange;
        if (e != null) {
            e.clientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer(); // so a closed connection is not kept until its timer fires
        Exchange e = exchange;
        exchange = null;
        if (e != null) {
            e.clientClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            LOG.debug("closing client connection {}: {}", ctx.channel(), cause.toString());
        }
        ctx.close();
    }
}
