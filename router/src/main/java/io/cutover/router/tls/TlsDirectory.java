package io.cutover.router.tls;

import io.cutover.core.tls.PemMaterial;
import io.cutover.core.tls.UnusableTlsFilesException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates of {@code --tls-dir DIR}: every {@code NAME.crt} (PEM, leaf first, then its chain) with
 * its {@code NAME.key}, chosen for the DNS names of the leaf's subject alternative names. The pair named
 * {@code default} is the default certificate (for clients without SNI or with a host no certificate names),
 * else the first pair by name; a host named by two certificates goes to the first by name.
 *
 * <p>The directory is read again every second. A pair that was added or changed and forms a usable pair is
 * served to new connections from then on; connections already open keep theirs. A pair that cannot be used
 * (a rotation caught half-way, the new certificate beside the old key) is refused with one warning, and the
 * version served before stays until the files change again; a pair whose files are gone stops being served,
 * unless no pair would be left.
 *
 * <p>A TLS listener may also run without a directory ({@link #none()}): it serves only the certificates the
 * controller sends (docs/router.md), and fails handshakes until the first arrives.
 */
public final class TlsDirectory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TlsDirectory.class);
    static final String DEFAULT_NAME = "default";

    private final @Nullable Path dir;
    private final ScheduledExecutorService executor;
    private final SniCertificates certificates;
    private final AtomicLong refusedReloads = new AtomicLong();
    /** The last look found no usable pair (and the certificates read before stay). */
    private boolean nothingUsable;
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What each name's files held when last read, usable or not, and what is served of it. */
    private final Map<String, Pair> pairs;

    private record Pair(byte[] certificate, byte[] key, @Nullable ServedCertificate served) {}

    private TlsDirectory(@Nullable Path dir, ScheduledExecutorService executor, Map<String, Pair> pairs) {
        this.dir = dir;
        this.executor = executor;
        this.pairs = pairs;
        this.certificates = new SniCertificates(
                pairs.isEmpty() ? CertificateSet.EMPTY : set(pairs.values().stream().map(Pair::served).toList(), pairs), executor);
    }

    /** No directory: only the certificates the controller sends are served, none at first. */
    public static TlsDirectory none() {
        LOG.info("TLS: no certificate directory, serving the certificates added through the API ({})", TlsContexts.providerName());
        return new TlsDirectory(null, newExecutor(), new TreeMap<>());
    }

    /**
     * Reads every pair of {@code dir} and starts looking for changes every {@code interval}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it: no pair at all, a
     *     certificate without its key (or a key without its certificate), a pair that cannot be used
     */
    public static TlsDirectory open(Path dir, Duration interval) {
        Path absolute = dir.toAbsolutePath().normalize();
        Map<String, PairFiles> found = list(absolute);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("TLS directory " + absolute + ": no certificate in it (expected: NAME.crt and NAME.key pairs, PEM)");
        }
        Map<String, Pair> pairs = new TreeMap<>();
        for (Map.Entry<String, PairFiles> entry : found.entrySet()) {
            PairFiles files = entry.getValue();
            try {
                pairs.put(entry.getKey(), new Pair(files.certificate, files.key, serve(entry.getKey(), files)));
            } catch (UnusableTlsFilesException e) {
                throw new IllegalArgumentException(absolute.resolve(entry.getKey() + ".crt") + ": " + e.getMessage(), e);
            }
        }
        ScheduledExecutorService executor = newExecutor();
        TlsDirectory directory = new TlsDirectory(absolute, executor, pairs);
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(directory::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("TLS: {} certificate(s) from {} ({})", pairs.size(), absolute, TlsContexts.providerName());
        directory.warnExpired(directory.certificates.current().certificates());
        return directory;
    }

    /** Where the directory is read again and swapped-out contexts are released. */
    private static ScheduledExecutorService newExecutor() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cutover-router-tls");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The certificates served, for the listener's {@code SniHandler}. */
    public SniCertificates certificates() {
        return certificates;
    }

    /** Runs {@code listener} (on the directory's own thread) each time the certificates served change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Reloads refused since the start: pairs that changed into something that cannot be served. */
    public long refusedReloads() {
        return refusedReloads.get();
    }

    /** Stops looking for changes and releases the contexts. Call once the listener is closed. */
    @Override
    public void close() {
        executor.shutdownNow();
        certificates.releaseAll();
    }

    /** One look at the directory; returns whether the certificates served changed. */
    synchronized boolean check() {
        if (dir == null) {
            return false;
        }
        Map<String, PairFiles> found;
        try {
            found = list(dir);
        } catch (IllegalArgumentException e) {
            LOG.warn("TLS: cannot read {}, serving the certificates read before: {}", dir, e.getMessage());
            return false;
        }
        boolean changed = !found.keySet().equals(pairs.keySet());
        Map<String, Pair> next = new TreeMap<>();
        for (Map.Entry<String, PairFiles> entry : found.entrySet()) {
            String name = entry.getKey();
            PairFiles files = entry.getValue();
            Pair before = pairs.get(name);
            if (before != null && Arrays.equals(before.certificate, files.certificate) && Arrays.equals(before.key, files.key)) {
                next.put(name, before);
                continue;
            }
            ServedCertificate served = before == null ? null : before.served;
            try {
                served = serve(name, files);
                changed = true;
                LOG.info("TLS: {} reloaded: {}", name, describe(served));
                warnExpired(List.of(served));
            } catch (UnusableTlsFilesException e) {
                refusedReloads.incrementAndGet();
                LOG.warn("TLS: {} refused, {}: {}", dir.resolve(name + ".crt"),
                        served == null ? "not served" : "still serving serial " + served.serial(), e.getMessage());
            }
            next.put(name, new Pair(files.certificate, files.key, served));
        }
        if (next.values().stream().allMatch(p -> p.served == null)) {
            // Remember what was read, so the same unusable files are not tried (and counted) every second;
            // the set served stays as it is, and is replaced (and its contexts released) by the next usable one.
            pairs.clear();
            pairs.putAll(next);
            if (!nothingUsable) {
                nothingUsable = true; // said once, not every second while it lasts
                LOG.warn("TLS: no usable pair left in {}, serving the certificates read before", dir);
            }
            return false;
        }
        nothingUsable = false;
        pairs.clear();
        pairs.putAll(next);
        if (changed) {
            certificates.replace(set(pairs.values().stream().map(Pair::served).toList(), pairs));
            listeners.forEach(Runnable::run);
        }
        return changed;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("TLS: looking at {} failed: {}", dir, e.toString());
        }
    }

    private static CertificateSet set(Collection<@Nullable ServedCertificate> served, Map<String, Pair> pairs) {
        List<ServedCertificate> usable = new ArrayList<>();
        for (ServedCertificate certificate : served) {
            if (certificate != null) {
                usable.add(certificate);
            }
        }
        Pair named = pairs.get(DEFAULT_NAME);
        ServedCertificate fallback = named != null && named.served != null ? named.served : usable.getFirst();
        return new CertificateSet(usable, fallback);
    }

    private static ServedCertificate serve(String name, PairFiles files) throws UnusableTlsFilesException {
        if (files.key == null) {
            throw new UnusableTlsFilesException("no " + name + ".key beside it (expected: NAME.crt and NAME.key pairs)");
        }
        if (files.certificate == null) {
            throw new UnusableTlsFilesException("no " + name + ".crt beside " + name + ".key (expected: NAME.crt and NAME.key pairs)");
        }
        return ServedCertificate.of(name, files.certificate, files.key);
    }

    private void warnExpired(List<ServedCertificate> served) {
        Instant now = Instant.now();
        for (ServedCertificate certificate : served) {
            if (certificate.notAfter().isBefore(now)) {
                LOG.warn("TLS: {} expired at {} and is served anyway: clients will refuse it", certificate.name(),
                        certificate.notAfter());
            }
        }
    }

    private static String describe(ServedCertificate served) {
        return "serial " + served.serial() + " for " + served.hosts() + ", expires " + served.notAfter();
    }

    /** The contents of one name's two files; either is null when missing. */
    private record PairFiles(byte @Nullable [] certificate, byte @Nullable [] key) {}

    private static Map<String, PairFiles> list(Path dir) {
        Map<String, byte[]> certificates = new TreeMap<>();
        Map<String, byte[]> keys = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String file = entry.getFileName().toString();
                if (file.startsWith(".") || !Files.isRegularFile(entry)) {
                    continue; // Kubernetes' ..data links and editors' temporary files
                }
                if (file.endsWith(".crt")) {
                    certificates.put(file.substring(0, file.length() - 4), Files.readAllBytes(entry));
                } else if (file.endsWith(".key")) {
                    keys.put(file.substring(0, file.length() - 4), Files.readAllBytes(entry));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("TLS directory " + dir + ": " + e.getMessage(), e);
        }
        Map<String, PairFiles> found = new TreeMap<>();
        certificates.forEach((name, certificate) -> found.put(name, new PairFiles(certificate, keys.get(name))));
        keys.forEach((name, key) -> found.putIfAbsent(name, new PairFiles(null, key)));
        return found;
    }
}
