package io.cutover.examples.simpleservice;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A JSON response decided before anything is written; {@code allow} is empty unless the status is 405.
 */
record Reply(int status, byte[] body, String allow) {

    Reply(int status, byte[] body) {
        this(status, body, "");
    }

    /** A response with {@code json} as its body. */
    static Reply json(int status, String json) {
        return new Reply(status, json.getBytes(UTF_8));
    }

    /** 405 with an {@code Allow} header naming {@code allowed}. */
    static Reply methodNotAllowed(String allowed) {
        return new Reply(405, "{\"error\": \"method not allowed\"}".getBytes(UTF_8), allowed);
    }

    /** Writes the response (no body for HEAD); {@code closeAfter} asks the client to close the connection. */
    void send(HttpExchange exchange, boolean closeAfter) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        if (!allow.isEmpty()) {
            headers.set("Allow", allow);
        }
        if (closeAfter) {
            headers.set("Connection", "close");
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        // -1 means no body; 0 would mean chunked.
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            OutputStream out = exchange.getResponseBody();
            out.write(body);
        }
    }
}
