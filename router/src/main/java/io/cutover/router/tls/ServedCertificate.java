package io.cutover.router.tls;

import static java.util.Objects.requireNonNull;

import io.cutover.core.tls.PemMaterial;
import io.cutover.core.tls.UnusableTlsFilesException;
import io.netty.handler.ssl.SslContext;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * A certificate the router serves: the hosts it is chosen for, when it expires, and the TLS context made
 * of it.
 *
 * @param name where it came from: the file name without {@code .crt} for a {@code --tls-dir} pair, the
 *     name it was added under for one added through the API
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

    /**
     * Reads a PEM pair and makes its server context.
     *
     * @throws UnusableTlsFilesException saying what is wrong with the pair, for an operator to read
     */
    public static ServedCertificate of(String name, byte[] certificatePem, byte[] keyPem) throws UnusableTlsFilesException {
        PemMaterial material = PemMaterial.parse(certificatePem, keyPem);
        try {
            return new ServedCertificate(name, material.dnsNames(), material.serial(),
                    material.leaf().getNotAfter().toInstant(), TlsContexts.server(material));
        } catch (SSLException e) {
            throw new UnusableTlsFilesException("the TLS provider refuses the pair: " + e.getMessage(), e);
        }
    }

    /** What the router reports of it: everything but the context. */
    public CertificateInfo info() {
        return new CertificateInfo(name, hosts, serial, notAfter);
    }
}
