package io.cutover.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Passes one response from an instance to the client as it arrives: headers prepared for the client,
 * interim (1xx) responses passed on, a flush at the end of each backend read, and the next backend read
 * only once the client can take more. A response read whole in one read is written as one message.
 */
final class ResponseRelay {

    /** What the relay reports to its exchange. */
    interface Outcome {

        /** A final response head came from the instance and is about to go to the client: add headers here. */
        void responseHead(HttpResponse head);

        /** A final (or 101) response head came from the instance, with this status. */
        void responseStarted(int status);

        /**
         * The last part of the response arrived — the whole response, head included, when it came in one
         * read; the exchange writes it and ends.
         */
        void responseComplete(LastHttpContent last);

        /** The instance switched protocols and the 101 response is written: time for a tunnel. */
        void switchedProtocols();

        /** The instance sent something that is not a valid HTTP response. */
        void responseInvalid();
    }

    private final Channel client;
    private final HttpRequest request;
    private final boolean upgradeRequested;
    private final ProxyCounters counters;
    private final Outcome outcome;

    private boolean received;
    private boolean started;
    private boolean interim;
    private boolean upgrading;
    private boolean backendKeepAlive;
    private boolean clientKeepAlive;
    private boolean awaitingClientWritable;
    /**
     * A final response head not written yet: if its last part comes in the same read (a small response),
     * both go out as one message, encoded into one buffer; else it is written at the end of the read.
     */
    private @Nullable HttpResponse pendingHead;

    ResponseRelay(Channel client, HttpRequest request, boolean upgradeRequested, boolean clientKeepAlive,
            ProxyCounters counters, Outcome outcome) {
        this.client = client;
        this.request = request;
        this.upgradeRequested = upgradeRequested;
        this.clientKeepAlive = clientKeepAlive;
        this.counters = counters;
        this.outcome = outcome;
    }

    /** Whether any response head (interim ones included) came from the instance. */
    boolean received() {
        return received;
    }

    /** Whether a final response head went to the client, so an error response can no longer be sent. */
    boolean started() {
        return started;
    }

    /** Whether the instance allows its connection to be reused after this response. */
    boolean backendKeepAlive() {
        return backendKeepAlive;
    }

    /** Whether the client connection can stay open after this response. */
    boolean clientKeepAlive() {
        return clientKeepAlive;
    }

    /** A message from the instance; ownership passes. */
    void read(Object msg) {
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            outcome.responseInvalid();
            return;
        }
        if (msg instanceof ByteBuf) {
            // Bytes outside any response the codec could frame: the exchange cannot trust what comes.
            ReferenceCountUtil.release(msg);
            outcome.responseInvalid();
            return;
        }
        if (msg instanceof HttpResponse response && !head(response)) {
            return;
        }
        if (msg instanceof HttpContent content) {
            content(content);
        } else if (!(msg instanceof HttpResponse)) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** The end of one backend read: flush, and read on if the client keeps up. */
    void readComplete(Channel backend) {
        writePendingHead();
        client.flush();
        if (client.isWritable()) {
            backend.read();
        } else {
            awaitingClientWritable = true;
        }
    }

    /** The client's outbound buffer drained: read on from the backend if that was waiting for it. */
    void clientWritable(Channel backend) {
        if (awaitingClientWritable) {
            awaitingClientWritable = false;
            backend.read();
        }
    }

    private boolean head(HttpResponse response) {
        received = true;
        int code = response.status().code();
        if (code == 101 && !upgradeRequested) {
            ReferenceCountUtil.release(response);
            outcome.responseInvalid();
            return false;
        }
        if (code == 101) {
            upgrading = true;
            started = true;
            ResponseHeaders.prepareUpgrade(response);
        } else if (code >= 100 && code < 200) {
            interim = true;
            ResponseHeaders.prepareInterim(response);
        } else {
            backendKeepAlive = HttpUtil.isKeepAlive(response);
            clientKeepAlive = ResponseHeaders.prepare(
                    response, request.protocolVersion(), clientKeepAlive, request.method() == HttpMethod.HEAD);
            outcome.responseHead(response);
            started = true;
        }
        counters.response(code);
        if (started) {
            outcome.responseStarted(code);
        }
        if (started && !upgrading) {
            pendingHead = response;
        } else {
            client.write(response, client.voidPromise());
        }
        return true;
    }

    private void writePendingHead() {
        HttpResponse head = pendingHead;
        if (head != null) {
            pendingHead = null;
            client.write(head, client.voidPromise());
        }
    }

    private void content(HttpContent content) {
        HttpResponse head = pendingHead;
        if (head != null && content instanceof LastHttpContent last) {
            pendingHead = null;
            outcome.responseComplete(new DefaultFullHttpResponse(head.protocolVersion(), head.status(), last.content(),
                    head.headers(), last.trailingHeaders()));
            return;
        }
        writePendingHead();
        if (!(content instanceof LastHttpContent last)) {
            client.write(content, client.voidPromise());
        } else if (interim) {
            interim = false;
            client.writeAndFlush(last, client.voidPromise());
        } else if (upgrading) {
            client.writeAndFlush(last, client.voidPromise());
            outcome.switchedProtocols();
        } else {
            outcome.responseComplete(last);
        }
    }
}
