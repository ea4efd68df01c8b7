package io.cutover.router.tls;

import static java.util.Objects.requireNonNull;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * What the TLS listener's {@code SniHandler} asks for each new connection: the context of the certificate
 * for the client's host name, from a {@link CertificateSet} that a reload swaps as a whole (one volatile
 * write; a handshake reads it once).
 *
 * <p>A swapped-out context is released (BoringSSL contexts are reference counted) only after a grace
 * period: a handshake that looked it up just before the swap creates its engine from it right after, and
 * an engine holds its own reference from then on, so connections opened on the old certificate keep it
 * until they close.
 */
public final class SniCertificates implements Mapping<String, SslContext> {

    /** How long a swapped-out context stays unreleased; lookups take microseconds. */
    static final long RELEASE_GRACE_SECONDS = 10;

    private final ScheduledExecutorService releaser;
    /** Swapped-out contexts whose grace period has not ended; each is released once, by its task or by {@link #releaseAll}. */
    private final Set<SslContext> pending = ConcurrentHashMap.newKeySet();
    /** The directory's certificates, with their default; under this object's lock. */
    private CertificateSet directory;
    /** The certificates added through the API, from the route table; under this object's lock. */
    private List<ServedCertificate> fromController = List.of();
    private volatile CertificateSet current;

    /**
     * @param initial the certificates of the directory, served first
     * @param releaser where swapped-out contexts are released after the grace period
     */
    public SniCertificates(CertificateSet initial, ScheduledExecutorService releaser) {
        this.directory = requireNonNull(initial, "initial");
        this.current = initial;
        this.releaser = requireNonNull(releaser, "releaser");
    }

    /**
     * The context for a client's host name.
     *
     * @throws NoCertificateException when there is no certificate at all (a listener without a directory,
     *     before the controller sent one): the handshake fails and the connection closes
     */
    @Override
    public SslContext map(@Nullable String sniHost) {
        ServedCertificate selected = current.select(sniHost);
        if (selected == null) {
            throw new NoCertificateException();
        }
        return selected.context();
    }

    /**
     * Why a handshake failed when the listener has no certificate yet; caused by an {@link SSLHandshakeException},
     * so it is counted and closed as any failed handshake.
     */
    public static final class NoCertificateException extends RuntimeException {
        NoCertificateException() {
            super(new SSLHandshakeException("no certificate to serve: none in a TLS directory, none from the controller yet"));
        }
    }

    /** The certificates served now: the directory's, then those added through the API. */
    public CertificateSet current() {
        return current;
    }

    /**
     * Serves the directory's {@code next} set (its default included) from now on; connections already open
     * keep their certificate. Contexts served before that are served no more are released after the grace
     * period.
     */
    public synchronized void replace(CertificateSet next) {
        directory = requireNonNull(next, "next");
        swap();
    }

    /**
     * Serves {@code certificates}, added through the API, beside the directory's from now on. A host that a
     * directory pair names keeps the directory's certificate: the files on a router override what the
     * controller sends it.
     */
    public synchronized void replaceFromController(List<ServedCertificate> certificates) {
        fromController = List.copyOf(certificates);
        swap();
    }

    private void swap() {
        List<ServedCertificate> all = new ArrayList<>(directory.certificates());
        all.addAll(fromController);
        CertificateSet previous = current;
        // The directory's default stays the default; without a directory, the first certificate by name is.
        ServedCertificate fallback = directory.fallback() != null ? directory.fallback() : all.isEmpty() ? null : all.getFirst();
        CertificateSet next = new CertificateSet(all, fallback);
        current = next;
        Set<SslContext> gone = contexts(previous);
        gone.removeAll(contexts(next));
        if (!gone.isEmpty()) {
            pending.addAll(gone);
            releaser.schedule(() -> gone.forEach(this::releaseOnce), RELEASE_GRACE_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Releases every context, served or waiting for its grace period to end: the listener is closed. */
    public void releaseAll() {
        contexts(current).forEach(ReferenceCountUtil::release);
        pending.forEach(this::releaseOnce);
    }

    private void releaseOnce(SslContext context) {
        if (pending.remove(context)) {
            ReferenceCountUtil.release(context);
        }
    }

    private static Set<SslContext> contexts(CertificateSet set) {
        Set<SslContext> contexts = Collections.newSetFromMap(new IdentityHashMap<>());
        set.certificates().forEach(c -> contexts.add(c.context()));
        return contexts;
    }
}
