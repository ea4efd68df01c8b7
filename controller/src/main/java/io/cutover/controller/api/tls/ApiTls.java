package io.cutover.controller.api.tls;

import static java.util.Objects.requireNonNull;

import io.cutover.core.tls.PemMaterial;
import io.cutover.core.tls.UnusableTlsFilesException;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS for the API: the certificate and key of {@link TlsFiles}, TLS 1.2 and 1.3 only, on the API's one
 * listener (there is no plain-HTTP one beside it).
 *
 * <p>The files are read again every second while the server runs. When either changed and the two form a
 * usable pair, new connections get the new certificate; connections already open keep theirs. A pair that
 * cannot be used — say a rotation caught half-way, the new certificate beside the old key — is refused
 * with one warning in the log, and the pair in use stays until the files change again.
 */
public final class ApiTls {

    private static final Logger log = LoggerFactory.getLogger(ApiTls.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** What one look at the files found. */
    enum Check { UNCHANGED, RELOADED, REFUSED }

    private final TlsFiles files;
    private final Duration checkInterval;
    private final SslContextFactory.Server sslContext = new SslContextFactory.Server();
    private final Object lock = new Object();
    // The files' contents as last read, whether they were usable or not: what the next look compares with.
    private byte[] seenCertificate;
    private byte[] seenKey;
    private PemMaterial serving;

    private ApiTls(TlsFiles files, Duration checkInterval, byte[] certificate, byte[] key, PemMaterial material) {
        this.files = files;
        this.checkInterval = checkInterval;
        this.seenCertificate = certificate;
        this.seenKey = key;
        this.serving = material;
        sslContext.setKeyStore(material.keyStore());
        sslContext.setKeyStorePassword(PemMaterial.storePassword());
        sslContext.setIncludeProtocols(PROTOCOLS);
    }

    /**
     * Reads and checks the pair, so that a server given unusable files refuses to start.
     *
     * @throws IllegalArgumentException naming the files and what is wrong with them
     */
    public static ApiTls load(TlsFiles files) {
        return load(files, CHECK_INTERVAL);
    }

    static ApiTls load(TlsFiles files, Duration checkInterval) {
        TlsFiles absolute = requireNonNull(files, "files").absolute();
        try {
            byte[] certificate = Files.readAllBytes(absolute.certificate());
            byte[] key = Files.readAllBytes(absolute.key());
            PemMaterial material = PemMaterial.parse(certificate, key);
            log.info("API TLS: serving {}", describe(material));
            return new ApiTls(absolute, checkInterval, certificate, key, material);
        } catch (IOException e) {
            throw new IllegalArgumentException("TLS files " + absolute + ": cannot read them: " + e, e);
        } catch (UnusableTlsFilesException e) {
            throw new IllegalArgumentException("TLS files " + absolute + ": " + e.getMessage(), e);
        }
    }

    /** The files served and watched, absolute. */
    public TlsFiles files() {
        return files;
    }

    /**
     * Makes the API listen with TLS on {@code host:port} instead of plain HTTP, and watch the files while
     * it runs. Call from {@code Javalin.create}; the host and port given to {@code Javalin.start} are then
     * not used.
     */
    public void configure(JavalinConfig config, String host, int port) {
        config.jetty.addConnector((server, http) -> {
            server.addBean(new FileWatch());
            return connector(server, http, host, port);
        });
    }

    /** The protocols the API may speak. */
    String[] includedProtocols() {
        return sslContext.getIncludeProtocols();
    }

    private ServerConnector connector(Server server, HttpConfiguration http, String host, int port) {
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer());
        ServerConnector connector = new ServerConnector(server,
                new SslConnectionFactory(sslContext, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** Reads the files and, when they changed, serves them from the next connection on if they are usable. */
    Check check() {
        synchronized (lock) {
            byte[] certificate;
            byte[] key;
            try {
                certificate = Files.readAllBytes(files.certificate());
                key = Files.readAllBytes(files.key());
            } catch (IOException e) {
                // Between a rotation's delete and its write, say: the next look reads them again.
                return Check.UNCHANGED;
            }
            if (Arrays.equals(certificate, seenCertificate) && Arrays.equals(key, seenKey)) {
                return Check.UNCHANGED;
            }
            seenCertificate = certificate;
            seenKey = key;
            PemMaterial material;
            try {
                material = PemMaterial.parse(certificate, key);
            } catch (UnusableTlsFilesException e) {
                log.warn("API TLS: {} changed but cannot be used ({}); still serving {}", files, e.getMessage(),
                        describe(serving));
                return Check.REFUSED;
            }
            try {
                sslContext.reload(factory -> factory.setKeyStore(material.keyStore()));
            } catch (Exception e) {
                log.warn("API TLS: cannot serve {} ({}); still serving {}", describe(material), e, describe(serving));
                restore();
                return Check.REFUSED;
            }
            log.info("API TLS: {} changed; new connections get {} (was serial {})", files, describe(material), serving.serial());
            serving = material;
            return Check.RELOADED;
        }
    }

    private void restore() {
        try {
            sslContext.reload(factory -> factory.setKeyStore(serving.keyStore()));
        } catch (Exception e) {
            log.error("API TLS: cannot go back to {}; new connections may fail until the files change", describe(serving), e);
        }
    }

    private static String describe(PemMaterial material) {
        return "certificate serial " + material.serial() + " (" + material.leaf().getSubjectX500Principal().getName()
                + ", valid until " + material.leaf().getNotAfter().toInstant() + ")";
    }

    /** Looks at the files every interval while the API's Jetty server runs: it starts and stops with it. */
    private final class FileWatch extends AbstractLifeCycle {

        private ScheduledExecutorService scheduler;

        @Override
        protected void doStart() {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cutover-api-tls").daemon().factory());
            long millis = checkInterval.toMillis();
            scheduler.scheduleWithFixedDelay(this::look, millis, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() throws InterruptedException {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }

        private void look() {
            try {
                check();
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: log, and look again next time.
                log.error("API TLS: looking at {} failed", files, e);
            }
        }
    }
}
