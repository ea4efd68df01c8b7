package io.cutover.router.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.ContentLengthNotAllowedException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An answer the router gives itself: a status, a short code in {@code X-Cutover-Error}, and a plain-text
 * body that names the cause.
 *
 * @param status the HTTP status
 * @param code the machine-readable cause, e.g. {@code no-route}
 * @param body the message, UTF-8, ending with a newline
 */
record ErrorResponse(HttpResponseStatus status, String code, byte[] body) {

    static final AsciiString X_CUTOVER_ERROR = AsciiString.cached("x-cutover-error");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");

    static ErrorResponse noRoute(String host) {
        return of(HttpResponseStatus.NOT_FOUND, "no-route", "no route for host \"" + host + "\"");
    }

    static ErrorResponse noInstance(byte[] message) {
        return new ErrorResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, "no-instance", message);
    }

    static ErrorResponse connectFailed(String app, int tried) {
        return of(HttpResponseStatus.BAD_GATEWAY, "connect-failed",
                "app \"" + app + "\": could not connect to any instance (tried " + tried + ")");
    }

    static ErrorResponse instanceClosed(String app) {
        return of(HttpResponseStatus.BAD_GATEWAY, "instance-closed",
                "app \"" + app + "\": instance closed the connection");
    }

    static ErrorResponse streamRefused(String app) {
        return of(HttpResponseStatus.BAD_GATEWAY, "stream-refused",
                "app \"" + app + "\": instance refused the request before processing it, and no other instance could take it");
    }

    static ErrorResponse invalidResponse(String app) {
        return of(HttpResponseStatus.BAD_GATEWAY, "invalid-response",
                "app \"" + app + "\": instance sent an invalid HTTP response");
    }

    static ErrorResponse timeout(String app, Duration limit) {
        return of(HttpResponseStatus.GATEWAY_TIMEOUT, "timeout",
                "app \"" + app + "\": no response within " + brief(limit));
    }

    static ErrorResponse missingHost() {
        return of(HttpResponseStatus.BAD_REQUEST, "missing-host", "request has no Host header");
    }

    static ErrorResponse headersTooLarge(int limit) {
        return of(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                "request headers larger than " + limit + " bytes");
    }

    static ErrorResponse lineTooLong(int limit) {
        return of(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request-line-too-long",
                "request line longer than " + limit + " bytes");
    }

    static ErrorResponse ambiguousFraming() {
        return of(HttpResponseStatus.BAD_REQUEST, "ambiguous-framing",
                "request has both Content-Length and Transfer-Encoding");
    }

    static ErrorResponse malformed(String problem) {
        return of(HttpResponseStatus.BAD_REQUEST, "malformed-request", "malformed request: " + problem);
    }

    static ErrorResponse malformedBody(String problem) {
        return of(HttpResponseStatus.BAD_REQUEST, "malformed-body", "malformed request body: " + problem);
    }

    static ErrorResponse obsFold() {
        return of(HttpResponseStatus.BAD_REQUEST, "obs-fold",
                "request has a header line that starts with a space or a tab (obsolete line folding)");
    }

    static ErrorResponse hosts() {
        return of(HttpResponseStatus.BAD_REQUEST, "duplicate-host", "request has more than one Host header");
    }

    static ErrorResponse hostMismatch() {
        return of(HttpResponseStatus.BAD_REQUEST, "host-mismatch",
                "request's Host header differs from the authority of its absolute-form target");
    }

    static ErrorResponse hostNotRedirectable() {
        return of(HttpResponseStatus.BAD_REQUEST, "host-not-redirectable",
                "request's Host header is not a name an https:// URL can carry, and the route serves only HTTPS");
    }

    static ErrorResponse tooManyPipelined(int limit) {
        return of(HttpResponseStatus.BAD_REQUEST, "too-many-pipelined",
                "more than " + limit + " pipelined requests waiting for their responses");
    }

    /**
     * The answer to a request head the decoder could not take: the limits' own statuses, 400 otherwise.
     *
     * @param cause the failed decoder result's cause
     */
    static ErrorResponse refusing(Throwable cause, ProxySettings settings) {
        return switch (cause) {
            case RequestCodec.Refused refused -> refused.answer();
            case TooLongHttpHeaderException tooLong -> headersTooLarge(settings.maxHeaderSize());
            case TooLongHttpLineException tooLong -> lineTooLong(settings.maxInitialLineLength());
            case ContentLengthNotAllowedException both -> ambiguousFraming();
            default -> malformed(String.valueOf(cause.getMessage()));
        };
    }

    /**
     * The response to send.
     *
     * @param clientVersion the version of the client's request
     * @param headRequest whether the request was HEAD: headers only then
     * @param keepAlive whether the client connection stays open after it
     */
    FullHttpResponse toResponse(HttpVersion clientVersion, boolean headRequest, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                headRequest ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.set(X_CUTOVER_ERROR, code);
        ResponseHeaders.setConnection(headers, clientVersion, keepAlive);
        return response;
    }

    private static ErrorResponse of(HttpResponseStatus status, String code, String message) {
        return new ErrorResponse(status, code, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String brief(Duration limit) {
        long millis = limit.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
