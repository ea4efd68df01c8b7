package io.cutover.examples.simpleservice;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the service reads from a request: query parameters, and the whole request for {@code /echo}. */
final class Requests {

    private Requests() {}

    /** A client's mistake, answered 400 with the message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** The value of the first {@code name} parameter of a raw query string, decoded; null when absent. */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        try {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), UTF_8);
                if (key.equals(name)) {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), UTF_8);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequest("query: " + rawQuery + " (expected: percent-encoded name=value pairs)");
        }
        return null;
    }

    /**
     * The request as JSON: method, path, query, headers (names in lower case, repeated values joined by
     * {@code ", "}) and body, then {@code host} and {@code version} of the answering process.
     *
     * @param quotedVersion the version, already a JSON string
     */
    static Reply echo(HttpExchange exchange, String address, String quotedVersion) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(", ", header.getValue()));
        }
        StringBuilder json = new StringBuilder(256 + body.length);
        json.append("{\"method\": ");
        Json.appendQuoted(json, exchange.getRequestMethod());
        json.append(", \"path\": ");
        Json.appendQuoted(json, uri.getRawPath());
        json.append(", \"query\": ");
        Json.appendQuoted(json, uri.getRawQuery() == null ? "" : uri.getRawQuery());
        json.append(", \"headers\": {");
        String separator = "";
        for (Map.Entry<String, String> header : headers.entrySet()) {
            json.append(separator);
            Json.appendQuoted(json, header.getKey());
            json.append(": ");
            Json.appendQuoted(json, header.getValue());
            separator = ", ";
        }
        json.append("}, \"body\": ");
        Json.appendQuoted(json, new String(body, UTF_8));
        json.append(", \"host\": ");
        Json.appendQuoted(json, address);
        json.append(", \"version\": ").append(quotedVersion).append('}');
        return Reply.json(200, json.toString());
    }
}
