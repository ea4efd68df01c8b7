package io.cutover.router.proxy;

import io.cutover.router.table.HttpsRule;
import io.cutover.router.table.MaintenanceReply;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The answers the router gives itself on a route it found: the maintenance page, the redirect to HTTPS. */
final class RouteAnswers {

    /** On the router's maintenance answers: {@code on} (an operator's), or {@code automatic} (a recreate gap). */
    static final AsciiString MAINTENANCE_HEADER = AsciiString.cached("x-cutover-maintenance");
    private static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    private static final int HTTPS_DEFAULT_PORT = 443;

    private RouteAnswers() {
    }

    /** A route's maintenance response, in the format the request accepts. */
    static FullHttpResponse maintenance(MaintenanceReply maintenance, HttpRequest request, boolean keepAlive,
            @Nullable HttpsRule https, boolean secure) {
        MaintenanceReply.Format format = MaintenanceReply.format(request.headers().get(HttpHeaderNames.ACCEPT));
        byte[] body = maintenance.body(format);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, maintenance.status(),
                request.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        maintenance.addHeaders(headers, format);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.set(MAINTENANCE_HEADER, maintenance.automatic() ? "automatic" : "on");
        addHsts(headers, https, secure);
        ResponseHeaders.setConnection(headers, request.protocolVersion(), keepAlive);
        return response;
    }

    /**
     * The redirect of a plain request to the same URL over HTTPS: 301 for GET and HEAD, 308 for other
     * methods (a 301 lets clients turn a POST into a GET and drop its body). Null when the host cannot
     * be put in a URL as it is ({@code evil.example/x.wild.example} matches {@code *.wild.example}), so
     * that a wildcard route never redirects to a name it does not own.
     *
     * @param host the request's host, normalized (lower case, without port)
     * @param httpsPort the port clients reach the router's TLS listener on
     */
    static @Nullable FullHttpResponse httpsRedirect(HttpRequest request, String host, int httpsPort, boolean keepAlive) {
        if (!plainHostName(host)) {
            return null;
        }
        String location = "https://" + host + (httpsPort == HTTPS_DEFAULT_PORT ? "" : ":" + httpsPort) + pathAndQuery(request.uri());
        boolean safe = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        byte[] body = ("Redirecting to " + location + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                safe ? HttpResponseStatus.MOVED_PERMANENTLY : HttpResponseStatus.PERMANENT_REDIRECT,
                request.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.LOCATION, location);
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ResponseHeaders.setConnection(headers, request.protocolVersion(), keepAlive);
        return response;
    }

    /** Adds the route's {@code Strict-Transport-Security} to a response on the TLS listener, unless it has one. */
    static void addHsts(HttpHeaders headers, @Nullable HttpsRule https, boolean secure) {
        AsciiString hsts = https == null ? null : https.hsts();
        if (secure && hsts != null && !headers.contains(STRICT_TRANSPORT_SECURITY)) {
            headers.set(STRICT_TRANSPORT_SECURITY, hsts);
        }
    }

    /** The path and query of a request target in origin form or absolute form ({@code http://host/path}). */
    private static String pathAndQuery(String uri) {
        if (uri.startsWith("/")) {
            return uri;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return "/"; // "*" of OPTIONS, or an authority
        }
        int path = uri.indexOf('/', scheme + 3);
        return path < 0 ? "/" : uri.substring(path);
    }

    /** Letters, digits, dots and hyphens (a DNS name), or a bracketed IPv6 literal. */
    private static boolean plainHostName(String host) {
        if (host.isEmpty()) {
            return false;
        }
        boolean literal = host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']';
        for (int i = literal ? 1 : 0; i < (literal ? host.length() - 1 : host.length()); i++) {
            char c = host.charAt(i);
            boolean allowed = literal ? Character.digit(c, 16) >= 0 || c == ':' || c == '.'
                    : (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
