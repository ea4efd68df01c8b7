package io.cutover.controller.certs;

import static java.util.Objects.requireNonNull;

import io.cutover.controller.events.Actor;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.routing.RoutePublisher;
import io.cutover.controller.store.Store;
import io.cutover.controller.store.StoredCertificate;
import io.cutover.controller.store.StoredEvent;
import io.cutover.core.manifest.Problem;
import io.cutover.core.tls.PemMaterial;
import io.cutover.core.tls.UnusableTlsFilesException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Certificates added through the API ({@code cutover certs add HOST --cert --key}): checked, stored, and
 * sent to every router with the route table, answered once every live router applied it.
 */
public final class Certificates {

    /** A DNS name, or a wildcard for the names one label under a domain; lower case. */
    public static final Pattern HOST = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    /** The most a PEM chain or key may weigh: a chain of a few certificates, an RSA 8192 key. */
    public static final int MAX_PEM_BYTES = 64 * 1024;

    private final Store store;
    private final RoutePublisher routes;
    private final EventLog events;
    private final Clock clock;

    public Certificates(Store store, RoutePublisher routes, EventLog events, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.routes = requireNonNull(routes, "routes");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Every certificate added, by name. */
    public List<StoredCertificate> list() {
        return store.certificates();
    }

    /** A certificate stored and published, the generation that carries it and the routers that had not applied it yet. */
    public record Changed(@Nullable StoredCertificate certificate, long generation, List<String> lagging) {}

    /**
     * Adds the certificate for {@code host} (or replaces the one added for it) and waits until every live
     * router serves it.
     *
     * @throws InvalidCertificateException naming the field and the problem; nothing changes then
     */
    public Changed add(String host, String certificatePem, String keyPem) throws InterruptedException {
        StoredCertificate certificate = check(host, certificatePem, keyPem, Actor.current().orElse("server"));
        StoredEvent added = store.transaction(tx -> {
            tx.putCertificate(certificate);
            return events.append(tx, "certificate_added", null, Map.of("name", certificate.name(), "serial", certificate.serial(),
                    "hosts", certificate.hosts(), "notAfter", certificate.notAfter().toString()));
        });
        events.published(added.id());
        RoutePublisher.Published published = routes.publishAllAndAwait();
        return new Changed(certificate, published.generation(), published.lagging());
    }

    /**
     * Removes the certificate added for {@code host} and waits until no live router serves it.
     *
     * @throws CertificateNotFoundException when there is none
     */
    public Changed remove(String host) throws InterruptedException {
        StoredEvent removed = store.transaction(tx -> tx.deleteCertificate(host)
                ? events.append(tx, "certificate_removed", null, Map.of("name", host)) : null);
        if (removed == null) {
            throw new CertificateNotFoundException(host);
        }
        events.published(removed.id());
        RoutePublisher.Published published = routes.publishAllAndAwait();
        return new Changed(null, published.generation(), published.lagging());
    }

    /** The pair read and checked: it is for {@code host}, usable, and not expired. */
    StoredCertificate check(String host, String certificatePem, String keyPem, String by) {
        if (!HOST.matcher(host).matches() || host.length() > 253) {
            throw invalid("name", "\"" + host + "\" (expected: the host the certificate is for, lower case, such as "
                    + "shop.example.com, or *.example.com for a wildcard)");
        }
        for (var field : List.of(Map.entry("certificate", certificatePem), Map.entry("key", keyPem))) {
            if (field.getValue().length() > MAX_PEM_BYTES) {
                throw invalid(field.getKey(), field.getValue().length() + " characters (expected: at most " + MAX_PEM_BYTES + ", PEM)");
            }
        }
        PemMaterial material;
        List<String> hosts;
        try {
            material = PemMaterial.parse(certificatePem.getBytes(StandardCharsets.US_ASCII), keyPem.getBytes(StandardCharsets.US_ASCII));
            hosts = material.dnsNames();
        } catch (UnusableTlsFilesException e) {
            boolean aboutTheKey = e.getMessage().startsWith("the key") || e.getMessage().startsWith("keys of type");
            throw invalid(aboutTheKey ? "key" : "certificate", e.getMessage());
        }
        if (!covers(hosts, host)) {
            throw invalid("certificate", "it does not name " + host + " (its DNS names: " + (hosts.isEmpty() ? "none" : String.join(", ", hosts)) + ")");
        }
        Instant notAfter = material.leaf().getNotAfter().toInstant();
        Instant now = clock.instant();
        if (!notAfter.isAfter(now)) {
            throw invalid("certificate", "it expired at " + notAfter + " (clients refuse it; renew it first)");
        }
        return new StoredCertificate(host, certificatePem, keyPem, hosts, material.serial(), notAfter, now, by);
    }

    /** Whether a certificate naming {@code names} is one a client accepts for {@code host}. */
    static boolean covers(List<String> names, String host) {
        if (names.contains(host)) {
            return true;
        }
        int dot = host.indexOf('.');
        return !host.startsWith("*.") && dot > 0 && names.contains("*" + host.substring(dot));
    }

    private static InvalidCertificateException invalid(String field, String problem) {
        return new InvalidCertificateException(new Problem(field, problem));
    }

    /** A certificate refused, with the field and the problem. */
    public static final class InvalidCertificateException extends RuntimeException {
        private final Problem problem;

        InvalidCertificateException(Problem problem) {
            super(problem.toString());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }
}
