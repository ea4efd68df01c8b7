package io.cutover.router;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sends single HTTP/1.1 requests to a router for a host of the caller's choosing: what a client of
 * {@code hello.localhost} would send, sent to the router's own address. For checks of a route from
 * outside the data path — a blue-green deployment's preview probe, {@code cutover map-route --verify},
 * the demo's maintenance window.
 *
 * <p>The JDK's HTTP client sets {@code Host} only when a JVM-wide system property allows it; this client
 * encodes and decodes with Netty's HTTP codec instead, over a blocking socket on the caller's thread,
 * one connection per request ({@code Connection: close}). Answers are read whole, up to 8 MiB.
 */
public final class RouterClient {

    private static final int MAX_ANSWER_BYTES = 8 << 20;

    private final InetSocketAddress router;
    private final Duration timeout;

    /**
     * A client for the router at {@code router}.
     *
     * @param timeout how long one request may take, connecting and reading the whole answer included
     */
    public RouterClient(InetSocketAddress router, Duration timeout) {
        this.router = requireNonNull(router, "router");
        this.timeout = requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
    }

    /**
     * A client for the router at {@code address}, {@code HOST:PORT} as the API lists routers
     * ({@code 127.0.0.1:8080}, {@code [::1]:8080}); a wildcard host ({@code 0.0.0.0}, {@code ::}) means
     * this machine.
     *
     * @throws IllegalArgumentException if {@code address} is not {@code HOST:PORT}
     * @throws UnknownHostException if the host name does not resolve
     */
    public static RouterClient at(String address, Duration timeout) throws UnknownHostException {
        int colon = address.lastIndexOf(':');
        int port = colon > 0 ? parsePort(address.substring(colon + 1)) : -1;
        if (port < 0) {
            throw new IllegalArgumentException("address: " + address + " (expected: HOST:PORT)");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress ip = InetAddress.getByName(host);
        return new RouterClient(new InetSocketAddress(ip.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : ip, port),
                timeout);
    }

    /** {@code GET path} for {@code host}. */
    public Answer get(String host, String path) throws IOException {
        return send("GET", host, path, Map.of(), null);
    }

    /**
     * Sends one request and reads its whole answer.
     *
     * @param host the {@code Host} header: the route asked for
     * @param path the request target, {@code /path?query}
     * @param headers more request headers
     * @param body a UTF-8 body (sent with its {@code Content-Length}), or null for none
     * @throws IOException when the router cannot be reached, closes the connection before a whole answer,
     *     answers something that is not HTTP or more than 8 MiB, or not within the timeout
     *     ({@link SocketTimeoutException})
     */
    public Answer send(String method, String host, String path, Map<String, String> headers, @Nullable String body)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        FullHttpRequest request = request(method, host, path, headers, body);
        EmbeddedChannel codec = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES));
        try (Socket socket = new Socket()) {
            socket.connect(router, millisLeft(deadline));
            codec.writeOutbound(request);
            OutputStream out = socket.getOutputStream();
            for (ByteBuf bytes = codec.readOutbound(); bytes != null; bytes = codec.readOutbound()) {
                try {
                    bytes.readBytes(out, bytes.readableBytes());
                } finally {
                    bytes.release();
                }
            }
            out.flush();
            return readAnswer(socket, codec, deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(method + " " + path + " to the router at " + address()
                    + ": no whole answer within " + timeout.toMillis() + "ms");
        } catch (DecoderException e) {
            throw new IOException(method + " " + path + " to the router at " + address() + ": " + e.getMessage(), e);
        } finally {
            codec.finishAndReleaseAll();
        }
    }

    /** The router's address, {@code host:port} ({@code [v6]:port}). */
    public String address() {
        String host = router.isUnresolved() ? router.getHostString() : router.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + router.getPort();
    }

    /**
     * A whole answer.
     *
     * @param status the HTTP status
     * @param headers the answer's headers, names in lower case, values in the order received
     * @param body the body as UTF-8 text
     */
    public record Answer(int status, Map<String, List<String>> headers, String body) {

        /** Copies the headers. */
        public Answer {
            requireNonNull(body, "body");
            Map<String, List<String>> copy = new LinkedHashMap<>();
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            headers = Collections.unmodifiableMap(copy);
        }

        /** The first value of the header {@code name} (any case), if the answer has it. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }

    private static FullHttpRequest request(String method, String host, String path, Map<String, String> headers,
            @Nullable String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), path,
                Unpooled.wrappedBuffer(content));
        request.headers().set(HttpHeaderNames.HOST, host);
        headers.forEach(request.headers()::set);
        request.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (body != null) {
            HttpUtil.setContentLength(request, content.length);
        }
        return request;
    }

    private Answer readAnswer(Socket socket, EmbeddedChannel codec, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            FullHttpResponse response = codec.readInbound();
            if (response != null) {
                return answer(response);
            }
            socket.setSoTimeout(millisLeft(deadline));
            int read = in.read(chunk);
            if (read < 0) {
                codec.finish(); // a body that ends with the connection ends here
                response = codec.readInbound();
                if (response != null) {
                    return answer(response);
                }
                throw new IOException("the router at " + address() + " closed the connection before a whole answer");
            }
            codec.writeInbound(Unpooled.copiedBuffer(chunk, 0, read));
        }
    }

    private Answer answer(FullHttpResponse response) throws IOException {
        try {
            if (response.decoderResult().isFailure()) {
                throw new IOException("the router at " + address() + " answered something that is not HTTP: "
                        + response.decoderResult().cause().getMessage());
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            response.headers().forEach(header -> headers
                    .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue()));
            return new Answer(response.status().code(), headers, response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    /** What is left of the timeout, in whole milliseconds, at least 1 (0 would mean no timeout). */
    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.ofNanos(left).toMillis()));
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
