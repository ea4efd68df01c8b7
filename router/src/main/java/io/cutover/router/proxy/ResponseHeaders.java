package io.cutover.router.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** Rewrites a response's headers for the client: hop-by-hop removed, framing and keep-alive set. */
final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /**
     * Prepares a final (non-1xx) response for the client, in place.
     *
     * @param clientVersion the version of the client's request
     * @param clientKeepAlive whether the client wants the connection kept
     * @param headRequest whether the request was HEAD (the response has no body then)
     * @return whether the client connection can be kept after this response
     */
    static boolean prepare(HttpResponse response, HttpVersion clientVersion, boolean clientKeepAlive, boolean headRequest) {
        HttpHeaders headers = response.headers();
        HopByHop.strip(headers, false);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        boolean keepAlive = clientKeepAlive;
        int code = response.status().code();
        if (!headRequest && code != 204 && code != 304) {
            boolean chunked = HttpUtil.isTransferEncodingChunked(response);
            boolean length = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
            if (clientVersion == HttpVersion.HTTP_1_0) {
                if (chunked) {
                    // An HTTP/1.0 client cannot read chunks: send the body raw and end it by closing.
                    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
                    keepAlive = false;
                } else if (!length) {
                    keepAlive = false;
                }
            } else if (!chunked && !length) {
                // The instance ends the body by closing; chunking lets the client connection stay.
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        }
        setConnection(headers, clientVersion, keepAlive);
        return keepAlive;
    }

    /** Prepares a 101 Switching Protocols response: it keeps its Upgrade and Connection headers. */
    static void prepareUpgrade(HttpResponse response) {
        HopByHop.strip(response.headers(), true);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }

    /** Prepares an interim (1xx) response such as 100 Continue. */
    static void prepareInterim(HttpResponse response) {
        HopByHop.strip(response.headers(), false);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    /** Sets the Connection header the client's version needs to read the keep-alive decision. */
    static void setConnection(HttpHeaders headers, HttpVersion clientVersion, boolean keepAlive) {
        if (clientVersion == HttpVersion.HTTP_1_0) {
            if (keepAlive) {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            } else {
                headers.remove(HttpHeaderNames.CONNECTION);
            }
        } else if (!keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }
}
