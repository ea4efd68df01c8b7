package io.cutover.router.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;

/**
 * Removes the headers that concern one connection only (RFC 7230 §6.1), so they are not passed on.
 *
 * <p>{@code Transfer-Encoding} stays: the proxy streams bodies and re-encodes chunks, so it is the framing
 * of the next hop too. {@code TE} stays only as {@code TE: trailers}, which the router honours on every
 * hop (it passes trailers on) and which gRPC servers expect; any other {@code TE} is removed.
 */
final class HopByHop {

    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString[] ALWAYS = {
        KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TRAILER,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
    };

    private HopByHop() {
    }

    /**
     * Strips hop-by-hop headers.
     *
     * @param keepUpgrade whether {@code Connection} and {@code Upgrade} stay (a protocol upgrade passes
     *     through)
     */
    static void strip(HttpHeaders headers, boolean keepUpgrade) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            if (namesOtherHeaders(headers)) {
                for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
                    removeListed(headers, value);
                }
            }
            if (!keepUpgrade) {
                headers.remove(HttpHeaderNames.CONNECTION);
            }
        }
        for (AsciiString name : ALWAYS) {
            headers.remove(name);
        }
        if (headers.contains(HttpHeaderNames.TE)) {
            if (headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true)) {
                headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
            } else {
                headers.remove(HttpHeaderNames.TE);
            }
        }
        if (!keepUpgrade) {
            headers.remove(HttpHeaderNames.UPGRADE);
        }
    }

    /** Whether any Connection value lists more than the usual tokens; rare, so the common case allocates no list. */
    private static boolean namesOtherHeaders(HttpHeaders headers) {
        Iterator<String> values = headers.valueStringIterator(HttpHeaderNames.CONNECTION);
        while (values.hasNext()) {
            if (listsOthers(values.next())) {
                return true;
            }
        }
        return false;
    }

    private static boolean listsOthers(String value) {
        int start = 0;
        int length = value.length();
        while (start < length) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int s = skipSpaces(value, start, end);
            int e = trimSpaces(value, s, end);
            if (e > s && !isKnownToken(value, s, e - s)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Removes the headers a Connection value names, except the well-known tokens and framing headers. */
    private static void removeListed(HttpHeaders headers, String value) {
        int start = 0;
        int length = value.length();
        while (start < length) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int s = skipSpaces(value, start, end);
            int e = trimSpaces(value, s, end);
            if (e > s && !isKnownToken(value, s, e - s)) {
                headers.remove(value.substring(s, e));
            }
            start = end + 1;
        }
    }

    private static int skipSpaces(String value, int start, int end) {
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
            start++;
        }
        return start;
    }

    private static int trimSpaces(String value, int start, int end) {
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
            end--;
        }
        return end;
    }

    private static boolean isKnownToken(String value, int offset, int length) {
        return is(value, offset, length, "close")
                || is(value, offset, length, "keep-alive")
                || is(value, offset, length, "upgrade")
                || is(value, offset, length, "transfer-encoding")
                || is(value, offset, length, "content-length")
                || is(value, offset, length, "host");
    }

    private static boolean is(String value, int offset, int length, String token) {
        return length == token.length() && value.regionMatches(true, offset, token, 0, length);
    }
}
