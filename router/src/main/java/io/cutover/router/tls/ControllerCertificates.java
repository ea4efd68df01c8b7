package io.cutover.router.tls;

import static java.util.Objects.requireNonNull;

import io.cutover.core.routing.TlsCertificate;
import io.cutover.core.tls.UnusableTlsFilesException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The certificates the route table carries (added through the API), made into TLS contexts once each and
 * served by the TLS listener beside its directory's. A table whose certificates cannot all be served is
 * refused before anything of it is: {@link #prepare} makes the contexts, and the router commits them only
 * once the table's routes are applied too.
 */
public final class ControllerCertificates {

    private final SniCertificates served;
    /** What is served now, by name, with the table's certificate it was made of; under this object's lock. */
    private Map<String, Held> held = Map.of();

    private record Held(TlsCertificate source, ServedCertificate served) {}

    public ControllerCertificates(SniCertificates served) {
        this.served = requireNonNull(served, "served");
    }

    /** Certificates made ready to serve: {@link #commit} serves them, {@link #discard} drops the ones made for it. */
    public final class Prepared {
        private final Map<String, Held> next;
        private final List<ServedCertificate> made;

        private Prepared(Map<String, Held> next, List<ServedCertificate> made) {
            this.next = next;
            this.made = made;
        }

        /** Serves them from the next handshake on; contexts no longer served are released after a grace period. */
        public void commit() {
            synchronized (ControllerCertificates.this) {
                if (next.equals(held)) {
                    return;
                }
                held = next;
                served.replaceFromController(next.values().stream().map(Held::served).toList());
            }
        }

        /** Releases the contexts made for them: the table they came with was refused. */
        public void discard() {
            made.forEach(c -> ReferenceCountUtil.release(c.context()));
        }
    }

    /**
     * Makes contexts for the certificates that are new or changed; the others are reused.
     *
     * @throws IllegalArgumentException naming the certificate and what is wrong with it; nothing is made then
     */
    public synchronized Prepared prepare(List<TlsCertificate> certificates) {
        Map<String, Held> next = new TreeMap<>(); // by name: the order they are reported in
        List<ServedCertificate> made = new ArrayList<>();
        for (TlsCertificate certificate : certificates) {
            Held before = held.get(certificate.name());
            if (before != null && before.source.equals(certificate)) {
                next.put(certificate.name(), before);
                continue;
            }
            try {
                ServedCertificate fresh = ServedCertificate.of(certificate.name(), certificate.certificate().getBytes(StandardCharsets.US_ASCII),
                        certificate.key().getBytes(StandardCharsets.US_ASCII));
                made.add(fresh);
                next.put(certificate.name(), new Held(certificate, fresh));
            } catch (UnusableTlsFilesException e) {
                made.forEach(c -> ReferenceCountUtil.release(c.context()));
                throw new IllegalArgumentException("certificates: " + certificate.name() + ": " + e.getMessage(), e);
            }
        }
        return new Prepared(next, made);
    }
}
