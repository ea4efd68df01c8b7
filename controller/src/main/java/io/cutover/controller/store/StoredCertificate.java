package io.cutover.controller.store;

import static java.util.Objects.requireNonNull;

import io.cutover.core.routing.TlsCertificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate added through the API, as stored: the PEM chain and key, and what was read from the leaf
 * when it was added.
 *
 * @param name the host it was added for ({@code shop.example.com}, {@code *.example.com})
 * @param hosts the leaf's DNS subject alternative names
 * @param addedBy the name of the token that added it
 */
public record StoredCertificate(String name, String certificate, String key, List<String> hosts, String serial,
        Instant notAfter, Instant addedAt, String addedBy) {

    public StoredCertificate {
        requireNonNull(name, "name");
        requireNonNull(certificate, "certificate");
        requireNonNull(key, "key");
        hosts = List.copyOf(hosts);
        requireNonNull(serial, "serial");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(addedAt, "addedAt");
        requireNonNull(addedBy, "addedBy");
    }

    /** What routers are sent of it. */
    public TlsCertificate forRouters() {
        return new TlsCertificate(name, certificate, key);
    }

    /** Names the certificate only: a private key is never logged. */
    @Override
    public String toString() {
        return "StoredCertificate[" + name + ", serial " + serial + "]";
    }
}
