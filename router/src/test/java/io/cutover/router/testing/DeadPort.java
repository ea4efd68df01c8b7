package io.cutover.router.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports where nothing listens, so connecting is refused. */
public final class DeadPort {

    private DeadPort() {
    }

    /** A port that was free a moment ago: bound, then closed. */
    public static int refusing() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
