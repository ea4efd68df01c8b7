package io.cutover.router.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An h2c instance on 127.0.0.1 that takes connections and processes no request: each stream it is sent is
 * refused, by RST_STREAM with REFUSED_STREAM, or by a GOAWAY whose last stream id is below it (as a server
 * shutting down answers), frame by frame on the wire (RFC 9113 §6.4, §6.8, §8.7).
 */
public final class RefusingH2cServer implements AutoCloseable {

    /** How it refuses a stream. */
    public enum Refusal { RST_STREAM, GOAWAY }

    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int GOAWAY = 0x7;
    private static final int REFUSED_STREAM = 0x7;
    private static final int PREFACE_LENGTH = 24;

    private final ServerSocket server;
    private final Refusal refusal;
    private final AtomicInteger refused = new AtomicInteger();

    public RefusingH2cServer(Refusal refusal) {
        this.refusal = refusal;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::acceptAll);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Streams refused so far. */
    public int refused() {
        return refused.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            in.readFully(new byte[PREFACE_LENGTH]);
            frame(out, SETTINGS, 0, 0, new byte[0]);
            while (true) {
                int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int stream = in.readInt() & 0x7fffffff;
                in.readFully(new byte[length]);
                if (type == SETTINGS && (flags & 0x1) == 0) {
                    frame(out, SETTINGS, 0x1, 0, new byte[0]);
                } else if (type == HEADERS) {
                    refuse(out, stream);
                }
            }
        } catch (IOException e) {
            // the router closed the connection
        }
    }

    private void refuse(OutputStream out, int stream) throws IOException {
        refused.incrementAndGet();
        if (refusal == Refusal.RST_STREAM) {
            frame(out, RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(REFUSED_STREAM).array());
        } else {
            frame(out, GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(Math.max(0, stream - 2)).putInt(0).array());
        }
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(9);
        head.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        head.put((byte) type).put((byte) flags).putInt(stream);
        out.write(head.array());
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
