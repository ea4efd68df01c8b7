package io.cutover.router.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a pod's identity container is to the router: {@code GET /uid} answered with a uid, on a port of its
 * own at the instance's host. Counts the questions.
 */
public final class IdentityServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger asked = new AtomicInteger();
    private volatile String uid;

    private IdentityServer(String uid) {
        this.uid = uid;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/uid", exchange -> {
            asked.incrementAndGet();
            byte[] body = this.uid.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Answers {@code uid} until told otherwise. */
    public static IdentityServer answering(String uid) {
        return new IdentityServer(uid);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many times it was asked. */
    public int asked() {
        return asked.get();
    }

    /** From now on answers as another instance (the address went to the next pod). */
    public void answerAs(String next) {
        uid = next;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
