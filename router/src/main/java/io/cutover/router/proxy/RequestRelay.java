package io.cutover.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Passes one request from the client to an instance as it arrives: body parts that come before a backend
 * connection is ready are held and sent once it is; the next part is read from the client only when the
 * instance's connection can take more. A bodiless request's head waits for its (empty) last part so both
 * go out as one message. Remembers what got out, so an exchange can tell whether the request may be
 * replayed on a fresh connection and replays it from the start.
 */
final class RequestRelay {

    private final HttpRequest request;
    private final FrontendHandler frontend;
    private final Attempts attempts;
    private final boolean sendHeadAtOnce;

    /** The backend connection the request goes to, null while there is none (connecting). */
    private @Nullable Channel target;
    private @Nullable ArrayDeque<HttpContent> held;
    private boolean lastReceived;
    private boolean sent;
    private boolean bodyForwarded;
    private boolean headWriteFailed;
    private boolean awaitingBackendWritable;
    private boolean headPending;

    /**
     * @param sendHeadAtOnce whether the head goes out as soon as a connection is there (a request with a
     *     body or an upgrade), rather than with the last part
     */
    RequestRelay(HttpRequest request, FrontendHandler frontend, Attempts attempts, boolean sendHeadAtOnce) {
        this.request = request;
        this.frontend = frontend;
        this.attempts = attempts;
        this.sendHeadAtOnce = sendHeadAtOnce;
    }

    /** A part of the request body from the client, in order. */
    void content(HttpContent content) {
        if (content instanceof LastHttpContent) {
            lastReceived = true;
        }
        Channel ch = target;
        if (ch == null) {
            hold(content);
        } else {
            forward(content, ch, true);
        }
    }

    /** A backend connection is ready: the head and whatever was held go out, and reading goes on. */
    void attached(Channel ch) {
        target = ch;
        if (sendHeadAtOnce) {
            writeHead(request, ch);
        } else {
            headPending = true;
        }
        ArrayDeque<HttpContent> parts = held;
        held = null;
        if (parts != null) {
            HttpContent part;
            while ((part = parts.poll()) != null) {
                forward(part, ch, false);
            }
        }
        if (!lastReceived) {
            frontend.readRequest();
        }
    }

    /** The connection is being replaced by a fresh one; nothing goes out until {@link #attached} again. */
    void detached() {
        target = null;
    }

    /** The backend connection can take more: reading from the client resumes if it waited for that. */
    void backendWritable() {
        if (awaitingBackendWritable) {
            awaitingBackendWritable = false;
            frontend.readRequest();
        }
    }

    /** Whether the whole request, last part included, was written to the instance. */
    boolean sent() {
        return sent;
    }

    /** Whether any body bytes went out (such a request cannot be replayed: they are not kept). */
    boolean bodyForwarded() {
        return bodyForwarded;
    }

    /** Whether writing the head to the current connection failed. */
    boolean headWriteFailed() {
        return headWriteFailed;
    }

    /** Makes the request ready to be sent again from its head, to a connection still to come. */
    void prepareReplay() {
        target = null;
        if (sent) {
            sent = false;
            hold(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        headWriteFailed = false;
    }

    /** Releases the parts still held; the exchange ended without sending them. */
    void discardHeld() {
        ArrayDeque<HttpContent> parts = held;
        held = null;
        if (parts != null) {
            parts.forEach(ReferenceCountUtil::release);
        }
    }

    private void forward(HttpContent content, Channel ch, boolean readMore) {
        if (content.content().isReadable()) {
            bodyForwarded = true;
        }
        if (headPending && !(content instanceof LastHttpContent)) {
            headPending = false; // a body after all: the head goes first
            writeHead(request, ch);
        }
        // A failed write reaches BackendConnection.exceptionCaught, which closes the connection: no promise needed.
        if (content instanceof LastHttpContent last) {
            sent = true;
            if (headPending) {
                headPending = false;
                writeHead(new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                        last.content(), request.headers(), last.trailingHeaders()), ch);
            } else {
                ch.writeAndFlush(content, ch.voidPromise());
            }
            return;
        }
        ch.writeAndFlush(content, ch.voidPromise());
        if (readMore) {
            if (ch.isWritable()) {
                frontend.readRequest();
            } else {
                awaitingBackendWritable = true;
            }
        }
    }

    /** Writes and flushes the request head (with its last part, if given as one message). */
    private void writeHead(HttpRequest head, Channel ch) {
        if (attempts.idempotent()) {
            // A replay does not depend on whether the head got out; a failed write closes the connection.
            ch.writeAndFlush(head, ch.voidPromise());
        } else {
            ch.writeAndFlush(head).addListener((ChannelFutureListener) this::headWritten);
        }
    }

    private void headWritten(ChannelFuture future) {
        if (!future.isSuccess()) {
            if (target == future.channel()) {
                headWriteFailed = true;
            }
            future.channel().close();
        }
    }

    private void hold(HttpContent content) {
        if (held == null) {
            held = new ArrayDeque<>(2);
        }
        held.add(content);
    }
}
