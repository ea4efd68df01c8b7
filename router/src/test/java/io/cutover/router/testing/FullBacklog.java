package io.cutover.router.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening port that never accepts and whose accept queue is full, so new connections to it time out
 * instead of being refused (Linux drops the SYNs).
 */
public final class FullBacklog implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    public FullBacklog() {
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
            for (int i = 0; i < 2; i++) {
                Socket filler = new Socket();
                filler.connect(address, 1000);
                fillers.add(filler);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket filler : fillers) {
            filler.close();
        }
        server.close();
    }
}
