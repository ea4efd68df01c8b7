package io.cutover.router.tls;

import io.cutover.router.table.HostName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The certificates a TLS listener serves, and which one a client's SNI host name gets: the certificate
 * naming the host exactly, else the one with a wildcard for its parent domain ({@code *.example.com}
 * covers {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}, as clients check),
 * else the default. A host claimed by two certificates goes to the first in the set's order. Immutable.
 *
 * <p>A set can be {@link #EMPTY}: a TLS listener without a directory before the controller sent it a
 * certificate, whose handshakes fail.
 */
public final class CertificateSet {

    /** No certificate: every handshake fails. */
    public static final CertificateSet EMPTY = new CertificateSet(List.of(), null);

    private final List<ServedCertificate> certificates;
    private final @Nullable ServedCertificate fallback;
    private final Map<String, ServedCertificate> exact = new HashMap<>();
    private final Map<String, ServedCertificate> wildcard = new HashMap<>();

    /**
     * @param certificates in order of precedence
     * @param fallback the certificate of clients whose host no certificate names (or that send no SNI); one
     *     of {@code certificates}, null only when there are none
     */
    public CertificateSet(List<ServedCertificate> certificates, @Nullable ServedCertificate fallback) {
        if (fallback == null ? !certificates.isEmpty() : !certificates.contains(fallback)) {
            throw new IllegalArgumentException("a certificate set's default must be one of its certificates");
        }
        this.certificates = List.copyOf(certificates);
        this.fallback = fallback;
        for (ServedCertificate certificate : this.certificates) {
            for (String host : certificate.hosts()) {
                if (host.startsWith("*.")) {
                    wildcard.putIfAbsent(host.substring(2), certificate);
                } else {
                    exact.putIfAbsent(host, certificate);
                }
            }
        }
    }

    /**
     * The certificate for a client's SNI host name; the default for {@code null} or an unknown host; null
     * only when the set is empty.
     */
    public @Nullable ServedCertificate select(@Nullable String sniHost) {
        if (sniHost == null || sniHost.isEmpty()) {
            return fallback;
        }
        String host = HostName.normalize(sniHost);
        ServedCertificate named = exact.get(host);
        if (named != null) {
            return named;
        }
        int dot = host.indexOf('.');
        if (dot > 0) {
            ServedCertificate covering = wildcard.get(host.substring(dot + 1));
            if (covering != null) {
                return covering;
            }
        }
        return fallback;
    }

    /** The certificates, in order of precedence. */
    public List<ServedCertificate> certificates() {
        return certificates;
    }

    /** The certificate of clients no certificate names; null when the set is empty. */
    public @Nullable ServedCertificate fallback() {
        return fallback;
    }

    /** What the router reports of each certificate, in order. */
    public List<CertificateInfo> infos() {
        List<CertificateInfo> infos = new ArrayList<>(certificates.size());
        for (ServedCertificate certificate : certificates) {
            infos.add(certificate.info());
        }
        return infos;
    }
}
