package io.cutover.router.tls;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import java.time.Instant;
import java.util.List;

/**
 * A certificate the router serves: the hosts it is chosen for, when it expires, and the TLS context made
 * of it.
 *
 * @param name where it came from: the file name without {@code .crt} for a {@code --tls-dir} pair
 * @param hosts the DNS names of its subject alternative names, lower case; {@code *.example.com} for a
 *     wildcard
 * @param serial the leaf's serial number in hex
 * @param notAfter when the leaf expires
 * @param context the server context: TLS 1.2 and 1.3, ALPN {@code h2} and {@code http/1.1}
 */
public record ServedCertificate(String name, List<String> hosts, String serial, Instant notAfter, SslContext context) {

    public ServedCertificate {
        requireNonNull(name, "name");
        hosts = List.copyOf(hosts);
        requireNonNull(serial, "serial");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(context, "context");
    }

    /** What the router reports of it: everything but the context. */
    public CertificateInfo info() {
        return new CertificateInfo(name, hosts, serial, notAfter);
    }
}
