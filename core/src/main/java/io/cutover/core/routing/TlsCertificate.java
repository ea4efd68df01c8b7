package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

/**
 * A certificate chain and its private key, added through the API ({@code cutover certs add}), that routers
 * serve on their TLS listener to clients whose SNI host name it covers. Routing tables carry them to
 * routers, so a change is applied and acknowledged like a route change.
 *
 * @param name the name it was added under: the host it is for ({@code shop.example.com},
 *     {@code *.example.com})
 * @param certificate the chain, PEM, leaf first
 * @param key the private key, PEM; empty in a table shown to anyone but routers
 */
public record TlsCertificate(String name, String certificate, String key) {

    public TlsCertificate {
        requireNonNull(name, "name");
        requireNonNull(certificate, "certificate");
        key = key == null ? "" : key;
    }

    /** This certificate without its private key, for readers that are not routers. */
    public TlsCertificate withoutKey() {
        return new TlsCertificate(name, certificate, "");
    }

    /** Names the certificate only: a private key is never logged. */
    @Override
    public String toString() {
        return "TlsCertificate[" + name + "]";
    }
}
