package io.cutover.router.proxy;

import io.cutover.router.metrics.RevisionRecorder;
import io.cutover.router.pool.BackendConnection;
import io.cutover.router.pool.BackendListener;
import io.cutover.router.pool.ConnectionPool;
import io.cutover.router.pool.IdentityMismatchException;
import io.cutover.router.table.Backend;
import io.cutover.router.table.Route;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * One request proxied to one instance: choosing it, connecting (and retrying elsewhere when that fails),
 * streaming the request body to it and its response back, the request timeout, the in-flight count,
 * reporting the instance's success or failure for outlier ejection, and recording the outcome in the
 * revision's metrics once, when the exchange ends.
 *
 * <p>A failure is a connect failure, a 5xx response head, or the instance closing the connection (or
 * sending something that is not HTTP) before a response began; any other response head is a success.
 * Timeouts and connections cut after the response began are neither.
 *
 * <p>Confined to the client's event loop, where its backend connection lives too. Reads on either side
 * are requested one at a time, after the other side could take what was read: the request's way through
 * {@link RequestRelay}, the response's through {@link ResponseRelay}.
 */
final class Exchange implements BackendListener, ResponseRelay.Outcome {

    private final FrontendHandler frontend;
    private final ProxyContext context;
    private final Channel client;
    private final HttpRequest request;
    private final Route route;
    private final int pinned;
    private final ConnectionPool pool;
    private final Attempts attempts;
    private final boolean upgradeRequested;
    /** Whether a copy goes to the canary too, if the instance chosen first is not a canary one. */
    private final boolean mirror;
    private final RequestRelay requestRelay;
    private final ResponseRelay response;

    private @Nullable Backend backend;
    /** The revision of the last instance chosen; the request counts there when it ends. */
    private @Nullable RevisionRecorder recorder;
    private long startNanos;
    /** The status sent (or being sent) to the client, 0 before one is known. */
    private int status;
    private boolean unreachable;
    private @Nullable BackendConnection connection;
    private boolean backendDone;

    /**
     * @param pinned the revision (index) a sticky-session cookie pins the request to, -1 for none; when the
     *     instance that answers is of another revision, the response pins the client to that one
     */
    Exchange(FrontendHandler frontend, ProxyContext context, Channel client, HttpRequest request, Route route,
            int pinned, Attempts attempts, boolean clientKeepAlive) {
        this.frontend = frontend;
        this.context = context;
        this.client = client;
        this.request = request;
        this.route = route;
        this.pool = context.pools().forLoop(client.eventLoop());
        this.attempts = attempts;
        attempts.reset(request.method(), pinned);
        this.pinned = pinned;
        this.upgradeRequested = RequestHeaders.isUpgrade(request);
        boolean hasBody = HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
        this.requestRelay = new RequestRelay(request, frontend, attempts, hasBody || upgradeRequested);
        this.mirror = Mirror.wanted(route, request, hasBody, upgradeRequested);
        this.response = new ResponseRelay(
                client, request, upgradeRequested, clientKeepAlive, context.counters(), this);
    }

    /**
     * Rewrites the headers and dispatches to the first instance. The request timeout counts from here
     * ({@link #startedAt}); the frontend's timer calls {@link #timedOut} once it is over.
     */
    void start(String clientIp, String hostHeader, String localPort) {
        RequestHeaders.prepare(request, clientIp, hostHeader, localPort, upgradeRequested, context.secure());
        startNanos = System.nanoTime();
        dispatch(startNanos);
    }

    /** When the exchange started, as {@code System.nanoTime()}. */
    long startedAt() {
        return startNanos;
    }

    /** Whether request body parts should still come here (else the frontend discards them). */
    boolean acceptsContent() {
        return !backendDone;
    }

    /** A part of the request body, in order; the frontend reads the next one only when asked. */
    void content(HttpContent content) {
        requestRelay.content(content);
    }

    void clientWritabilityChanged(boolean writable) {
        BackendConnection c = connection;
        if (writable && c != null && !backendDone) {
            response.clientWritable(c.channel());
        }
    }

    void clientClosed() {
        if (!backendDone) {
            context.counters().clientAborted();
            finishBackend(false);
        }
    }

    // --- choosing and connecting

    /** Sends the request to the next instance; {@code now} tells which instances are ejected. */
    private void dispatch(long now) {
        Backend next = attempts.next(route, now);
        if (next == null) {
            unreachable = true;
            failBeforeResponse(ErrorResponse.connectFailed(route.app(), attempts.tried()));
            return;
        }
        backend = next;
        recorder = next.recorder();
        next.acquire();
        if (mirror && attempts.tried() == 1 && !route.isCanary(next)) {
            Mirror.send(context, pool, client.eventLoop(), route, request);
        }
        BackendConnection pooled = pool.poll(next, this);
        if (pooled != null) {
            attach(pooled);
        } else {
            connect(next);
        }
    }

    private void connect(Backend target) {
        BackendConnection fresh = pool.create(target, this);
        connection = fresh;
        requestRelay.detached();
        pool.connect(fresh, this::connected);
    }

    private void connected(ChannelFuture future) {
        BackendConnection c = connection;
        if (backendDone || c == null) {
            if (future.isSuccess()) {
                future.channel().close();
            }
            return;
        }
        if (future.isSuccess()) {
            attach(c);
            return;
        }
        context.counters().connectFailed();
        if (future.cause() instanceof IdentityMismatchException) {
            context.counters().identityMismatched();
        }
        connection = null;
        backendFailed();
        releaseBackend();
        if (attempts.retryElsewhere()) {
            context.counters().retry();
            dispatch(System.nanoTime());
        } else {
            unreachable = true;
            failBeforeResponse(ErrorResponse.connectFailed(route.app(), attempts.tried()));
        }
    }

    private void attach(BackendConnection c) {
        connection = c;
        Channel ch = c.channel();
        ch.read();
        requestRelay.attached(ch);
    }

    @Override
    public void backendWritabilityChanged(boolean writable) {
        if (writable && !backendDone) {
            requestRelay.backendWritable();
        }
    }

    // --- response

    @Override
    public void backendRead(Object msg) {
        if (backendDone) {
            ReferenceCountUtil.release(msg);
        } else {
            response.read(msg);
        }
    }

    @Override
    public void backendReadComplete() {
        BackendConnection c = connection;
        if (!backendDone && c != null) {
            response.readComplete(c.channel());
        }
    }

    @Override
    public void responseHead(HttpResponse head) {
        RouteAnswers.addHsts(head.headers(), route.https(), context.secure());
        Backend b = backend;
        if (route.sticky() && b != null && (pinned < 0 || route.revisionNumber(pinned) != b.recorder().revision())) {
            String pin = route.pinCookie(b);
            if (pin != null) {
                head.headers().add(HttpHeaderNames.SET_COOKIE, pin);
            }
        }
    }

    @Override
    public void responseStarted(int status) {
        this.status = status;
        Backend b = backend;
        if (b == null) {
            return;
        }
        if (status >= 500) {
            backendFailed();
        } else {
            b.ejection().succeeded();
        }
    }

    @Override
    public void responseComplete(LastHttpContent last) {
        finishBackend(true);
        if (response.clientKeepAlive() && client.isWritable()) {
            // The client keeps up: the next request may start without waiting for this write (a failed
            // write closes the connection through exceptionCaught).
            client.writeAndFlush(last, client.voidPromise());
            frontend.responseFinished(true, false);
            return;
        }
        // Closing after it, or a slow reader: the next step waits until the response is out.
        client.writeAndFlush(last).addListener((ChannelFutureListener) this::responseWritten);
    }

    private void responseWritten(ChannelFuture future) {
        frontend.responseFinished(response.clientKeepAlive(), !future.isSuccess());
    }

    @Override
    public void responseInvalid() {
        if (response.started()) {
            finishBackend(false);
            frontend.close();
        } else {
            backendFailed();
            failBeforeResponse(ErrorResponse.invalidResponse(route.app()));
        }
    }

    @Override
    public void switchedProtocols() {
        BackendConnection c = connection;
        Backend b = backend;
        backendDone = true;
        connection = null;
        backend = null;
        record();
        frontend.upgraded();
        // The instance stays counted in flight while the tunnel is open.
        Tunnel.open(client, c, context.settings().idleTimeout(), b::release);
    }

    // --- failures

    @Override
    public void backendClosed() {
        if (backendDone) {
            return;
        }
        BackendConnection c = connection;
        if (c != null && !response.received() && c.refused()) {
            // The instance processed none of it: another one may, whatever the method. Not a failure of the instance.
            long now = System.nanoTime();
            if (!requestRelay.bodyForwarded() && attempts.anyLeft(route, now) && attempts.retryElsewhere()) {
                context.counters().retry();
                connection = null;
                releaseBackend();
                requestRelay.prepareReplay();
                dispatch(now);
            } else {
                failBeforeResponse(ErrorResponse.streamRefused(route.app()));
            }
            return;
        }
        if (c != null && !response.received()
                && attempts.replayOnFreshConnection(
                        c.reused(), requestRelay.bodyForwarded(), requestRelay.headWriteFailed())) {
            context.counters().retry();
            requestRelay.prepareReplay();
            connect(c.backend());
            return;
        }
        if (response.started()) {
            finishBackend(false);
            frontend.close();
        } else {
            backendFailed();
            failBeforeResponse(ErrorResponse.instanceClosed(route.app()));
        }
    }

    /**
     * The rest of the request body could not be read. The instance's connection closes (it holds part of a
     * request). Returns whether the client still gets a whole answer: {@code error}, or the response (or
     * error) already on its way; false when a response had begun and is cut.
     */
    boolean requestInvalid(ErrorResponse error) {
        if (backendDone) {
            return true;
        }
        if (!response.started()) {
            failBeforeResponse(error);
            return true;
        }
        finishBackend(false);
        return false;
    }

    /** The request timeout is over (the frontend's timer says so). */
    void timedOut() {
        if (backendDone) {
            return;
        }
        context.counters().timedOut();
        if (response.started()) {
            finishBackend(false);
            frontend.close();
        } else {
            failBeforeResponse(ErrorResponse.timeout(route.app(), context.settings().requestTimeout()));
        }
    }

    private void failBeforeResponse(ErrorResponse error) {
        status = error.status().code();
        finishBackend(false);
        frontend.sendError(error);
    }

    /** Ends the backend side once: the connection goes back to the pool or closes, the count drops. */
    private void finishBackend(boolean complete) {
        if (backendDone) {
            return;
        }
        backendDone = true;
        record();
        BackendConnection c = connection;
        connection = null;
        if (c != null) {
            if (complete && requestRelay.sent() && response.backendKeepAlive()) {
                c.release();
            } else {
                c.close();
            }
        }
        releaseBackend();
        requestRelay.discardHeld();
    }

    /** Counts the request in its revision's metrics; called once, when the backend side ends. */
    private void record() {
        RevisionRecorder r = recorder;
        if (r != null) {
            r.record(status, unreachable, System.nanoTime() - startNanos);
        }
    }

    /** Reports a failure of the current instance, which may eject it. */
    private void backendFailed() {
        Backend b = backend;
        if (b != null && b.ejection().failed(System.nanoTime(), context.settings().ejection())) {
            context.counters().ejected();
        }
    }

    private void releaseBackend() {
        Backend b = backend;
        backend = null;
        if (b != null) {
            b.release();
        }
    }
}
