package io.cutover.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Where requests go and their bytes, encoded once: every request of a run is the same {@code GET}.
 *
 * @param address the server's address, resolved when the run starts
 * @param request the request as sent on the wire
 */
record Target(InetSocketAddress address, byte[] request) {

    static Target of(LoadOptions options) {
        URI url = options.url();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + options.hostHeader() + "\r\n"
                + "User-Agent: cutover-load\r\n"
                + "Accept: */*\r\n"
                + "\r\n";
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        return new Target(new InetSocketAddress(host, port), request.getBytes(StandardCharsets.UTF_8));
    }
}
