package io.cutover.router.table;

import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.Maintenance;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * The router's own answer on a route in maintenance, made once when the table is compiled: the three
 * bodies (JSON, HTML, text), the headers, and the bypass check. Immutable; read by every event loop.
 */
public final class MaintenanceReply {

    /** Which body a request gets, by its {@code Accept} header. */
    public enum Format { JSON, HTML, TEXT }

    private static final AsciiString JSON_TYPE = AsciiString.cached("application/json");
    private static final AsciiString HTML_TYPE = AsciiString.cached("text/html; charset=utf-8");
    private static final AsciiString TEXT_TYPE = AsciiString.cached("text/plain; charset=utf-8");

    private final HttpResponseStatus status;
    private final byte[] json;
    private final byte[] html;
    private final byte[] text;
    private final @Nullable String retryAfter;
    private final String[][] headers;
    private final @Nullable AsciiString bypassHeader;
    private final byte @Nullable [] bypassSha256; // as hex digits, the way Maintenance.sha256 writes it
    private final boolean automatic;

    MaintenanceReply(String app, Maintenance maintenance) {
        this.status = HttpResponseStatus.valueOf(maintenance.status());
        String message = maintenance.messageFor(app);
        this.retryAfter = maintenance.retryAfterSeconds() == null ? null : String.valueOf(maintenance.retryAfterSeconds());
        String jsonBody = maintenance.json() != null ? maintenance.json()
                : "{\"status\": " + maintenance.status() + ", \"message\": " + quote(message)
                        + (retryAfter == null ? "" : ", \"retryAfter\": " + retryAfter) + "}";
        this.json = (jsonBody + "\n").getBytes(StandardCharsets.UTF_8);
        this.html = ("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(app)
                + " — maintenance</title></head>\n<body><h1>" + escape(status.reasonPhrase()) + "</h1>\n<p>" + escape(message)
                + "</p>" + (retryAfter == null ? "" : "\n<p>Please try again in " + retryAfter + " seconds.</p>")
                + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
        this.text = (message + "\n").getBytes(StandardCharsets.UTF_8);
        this.headers = maintenance.headers().entrySet().stream().map(e -> new String[] {e.getKey(), e.getValue()})
                .toArray(String[][]::new);
        this.bypassHeader = maintenance.bypassHeader() == null ? null : AsciiString.cached(maintenance.bypassHeader());
        this.bypassSha256 = maintenance.bypassSha256() == null ? null : maintenance.bypassSha256().getBytes(StandardCharsets.US_ASCII);
        this.automatic = maintenance.automatic();
    }

    /** Whether the request carries the bypass header with its secret, so it goes to the app. */
    public boolean bypassedBy(HttpHeaders request) {
        AsciiString name = bypassHeader;
        byte[] expected = bypassSha256;
        if (name == null || expected == null) {
            return false;
        }
        String given = request.get(name);
        return given != null && MessageDigest.isEqual(Maintenance.sha256(given).getBytes(StandardCharsets.US_ASCII), expected);
    }

    /** The body format a request asks for: JSON if it accepts JSON, HTML if it accepts HTML, else text. */
    public static Format format(@Nullable String accept) {
        if (accept == null) {
            return Format.TEXT;
        }
        if (accept.contains("json")) {
            return Format.JSON;
        }
        return accept.contains("text/html") ? Format.HTML : Format.TEXT;
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The body in a format. Do not modify. */
    public byte[] body(Format format) {
        return switch (format) {
            case JSON -> json;
            case HTML -> html;
            case TEXT -> text;
        };
    }

    /** Sets the content type, {@code Retry-After} and the operator's headers on an answer. */
    public void addHeaders(HttpHeaders response, Format format) {
        response.set(HttpHeaderNames.CONTENT_TYPE, switch (format) {
            case JSON -> JSON_TYPE;
            case HTML -> HTML_TYPE;
            case TEXT -> TEXT_TYPE;
        });
        if (retryAfter != null) {
            response.set(HttpHeaderNames.RETRY_AFTER, retryAfter);
        }
        for (String[] header : headers) {
            response.add(header[0], header[1]);
        }
    }

    /** Whether the controller set it (a {@code recreate} gap), not an operator. */
    public boolean automatic() {
        return automatic;
    }

    private static String quote(String s) {
        try {
            return Manifests.json().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return "maintenance " + status.code() + (automatic ? " (automatic)" : "");
    }
}
