package io.cutover.router.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An instance on 127.0.0.1 that reads what the router sends byte by byte and records it: each request it
 * could frame whole, and a problem for anything else — framing that is ambiguous (both
 * {@code Content-Length} and {@code Transfer-Encoding}, several lengths, a last coding other than
 * {@code chunked}), bytes that are not HTTP/1.1, a connection that ended inside a request. It frames
 * requests as RFC 9112 says and refuses what RFC 9112 lets a server refuse, so a request the router
 * framed differently shows up here as an extra request or a problem. Each request gets the answer
 * {@code responder} gives it (by default 200 with the target as the body), and the connection stays
 * open unless there was a problem.
 */
public final class RecordingBackend implements AutoCloseable {

    /** A request read whole. Header names are lower-case. */
    public record Received(String method, String target, List<String> headers, byte[] body) {

        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        /** The request as the tests write their expectations: {@code METHOD TARGET} and the body, if any. */
        public String summary() {
            return method + " " + target + (body.length == 0 ? "" : " " + bodyText());
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Function<Received, byte[]> responder;
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    /** Answers each request with 200 and its target as the body. */
    public RecordingBackend() {
        this(request -> ok(request.target()));
    }

    public RecordingBackend(Function<Received, byte[]> responder) {
        this.responder = responder;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::acceptAll);
    }

    /** A 200 response with this body, keeping the connection. */
    public static byte[] ok(String body) {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The requests read whole so far, in the order they were read. */
    public List<Received> requests() {
        return List.copyOf(requests);
    }

    /** {@link Received#summary()} of each request read whole so far. */
    public List<String> summaries() {
        return requests.stream().map(Received::summary).toList();
    }

    /** What could not be read as whole, unambiguous requests, one line each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                threads.execute(() -> serve(socket, number));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int number) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Received request;
                try {
                    request = read(in);
                } catch (EOFException e) {
                    if (e.getMessage() != null) {
                        problems.add("connection " + number + ": ended inside a request (" + e.getMessage() + ")");
                    }
                    return;
                } catch (IllegalArgumentException e) {
                    problems.add("connection " + number + ": " + e.getMessage());
                    return;
                }
                requests.add(request);
                out.write(responder.apply(request));
                out.flush();
            }
        } catch (IOException e) {
            // reset by the router: whatever was read whole is recorded
        }
    }

    /** One request; EOFException without a message at a clean end between requests. */
    private static Received read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException();
        }
        String requestLine = (char) first + line(in);
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !parts[2].equals("HTTP/1.1")) {
            throw new IllegalArgumentException("not an HTTP/1.1 request line: " + printable(requestLine));
        }
        List<String> headers = new ArrayList<>();
        List<String> lengths = new ArrayList<>();
        List<String> codings = new ArrayList<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t' || header.charAt(colon - 1) == ' ') {
                throw new IllegalArgumentException("not a header line: " + printable(header));
            }
            String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            headers.add(name + ": " + value);
            if (name.equals("content-length")) {
                lengths.add(value);
            } else if (name.equals("transfer-encoding")) {
                for (String coding : value.split(",", -1)) {
                    codings.add(coding.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        byte[] body;
        if (!codings.isEmpty()) {
            if (!lengths.isEmpty() || !codings.getLast().equals("chunked") || codings.indexOf("chunked") != codings.size() - 1) {
                throw new IllegalArgumentException("ambiguous framing: Content-Length " + lengths + ", Transfer-Encoding " + codings);
            }
            body = chunked(in);
        } else if (lengths.size() > 1 || lengths.size() == 1 && !lengths.getFirst().matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("ambiguous framing: Content-Length " + lengths);
        } else {
            int length = lengths.isEmpty() ? 0 : Integer.parseInt(lengths.getFirst());
            body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException(parts[0] + " " + parts[1] + ": " + body.length + " of " + length + " body bytes");
            }
        }
        return new Received(parts[0], parts[1], List.copyOf(headers), body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (!sizeLine.matches("[0-9a-fA-F]{1,8}")) {
                throw new IllegalArgumentException("not a chunk size: " + printable(sizeLine));
            }
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("chunk of " + size + " bytes cut after " + chunk.length);
            }
            body.write(chunk);
            if (!line(in).isEmpty()) {
                throw new IllegalArgumentException("chunk longer than its size");
            }
        }
    }

    /** A line ended by CRLF, without it; a bare CR or LF is a problem, the end of the stream an EOF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("cut after \"" + printable(line.toString()) + "\"");
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw new IllegalArgumentException("bare CR after " + printable(line.toString()));
                }
                return line.toString();
            }
            if (c == '\n' || c == 0) {
                throw new IllegalArgumentException("bare LF or NUL after " + printable(line.toString()));
            }
            line.append((char) c);
        }
    }

    private static String printable(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
