package io.cutover.router.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Rewrites a request's headers for the instance: hop-by-hop removed, forwarding headers added. */
final class RequestHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");

    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final AsciiString HTTPS = AsciiString.cached("https");
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private RequestHeaders() {
    }

    /** Whether the request asks to switch protocols ({@code Connection: upgrade} with {@code Upgrade}). */
    static boolean isUpgrade(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return headers.contains(HttpHeaderNames.UPGRADE)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    /**
     * Prepares the request for the instance, in place.
     *
     * @param clientIp the address the client connected from
     * @param hostHeader the {@code Host} header as received
     * @param localPort the port the client connected to
     * @param upgrade whether the request switches protocols
     * @param secure whether the client connected over TLS
     */
    static void prepare(HttpRequest request, String clientIp, String hostHeader, String localPort, boolean upgrade,
            boolean secure) {
        HttpHeaders headers = request.headers();
        HopByHop.strip(headers, upgrade);
        if (upgrade) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        } else if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
            // Ask for keep-alive so the connection can return to the pool.
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        String forwardedFor = headers.get(X_FORWARDED_FOR);
        headers.set(X_FORWARDED_FOR, forwardedFor == null ? clientIp : forwardedFor + ", " + clientIp);
        headers.set(X_FORWARDED_PROTO, secure ? HTTPS : HTTP);
        if (!hostHeader.isEmpty()) {
            headers.set(X_FORWARDED_HOST, hostHeader);
        }
        headers.set(X_FORWARDED_PORT, localPort);
        if (!headers.contains(X_REQUEST_ID)) {
            headers.set(X_REQUEST_ID, newRequestId());
        }
    }

    /** 64 random bits as 16 hex digits, as bytes the encoder copies in one go. */
    static AsciiString newRequestId() {
        long bits = ThreadLocalRandom.current().nextLong();
        byte[] id = new byte[16];
        for (int i = 15; i >= 0; i--) {
            id[i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        return new AsciiString(id, false);
    }
}
