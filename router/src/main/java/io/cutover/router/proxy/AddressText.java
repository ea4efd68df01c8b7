package io.cutover.router.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The text forms of the address a connection comes from (for {@code X-Forwarded-For}) and of the port it
 * arrived at ({@code X-Forwarded-Port}), remembered from the connection before: most connections come from
 * a few addresses to one port, so most cost no formatting. Shared by every event loop; a stale read only
 * formats again.
 */
final class AddressText {

    private record Client(InetAddress address, String text) {
    }

    private record Port(int port, String text) {
    }

    private volatile @Nullable Client lastClient;
    private volatile @Nullable Port lastPort;

    /** The client's IP address as text, or its host string when it has no resolved address; "" when unknown. */
    String client(@Nullable SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress socket)) {
            return "";
        }
        InetAddress address = socket.getAddress();
        if (address == null) {
            return socket.getHostString();
        }
        Client last = lastClient;
        if (last != null && last.address().equals(address)) {
            return last.text();
        }
        String text = address.getHostAddress();
        lastClient = new Client(address, text);
        return text;
    }

    /** The local port as text; "" when unknown. */
    String port(@Nullable SocketAddress local) {
        if (!(local instanceof InetSocketAddress socket)) {
            return "";
        }
        int port = socket.getPort();
        Port last = lastPort;
        if (last != null && last.port() == port) {
            return last.text();
        }
        String text = Integer.toString(port);
        lastPort = new Port(port, text);
        return text;
    }
}
