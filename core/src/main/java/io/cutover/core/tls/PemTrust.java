package io.cutover.core.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * What a client of an HTTPS API trusts: the certificates of a PEM file — the CA that signed the API's
 * certificate, or that certificate itself — instead of the JDK's trust store. The CLI's commands and
 * {@code cutover router} take the file from {@code --tls-ca}, else from {@value #ENVIRONMENT}.
 */
public final class PemTrust {

    /** The environment variable naming the PEM file when no {@code --tls-ca} is given. */
    public static final String ENVIRONMENT = "CUTOVER_TLS_CA";

    private PemTrust() {}

    /**
     * An SSL context that trusts the certificates in {@code pemFile} and no others.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLContext trusting(Path pemFile) {
        requireNonNull(pemFile, "pemFile");
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(pemFile + ": cannot read it (" + e + ")", e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(pemFile + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(pemFile + ": holds no certificate (expected: PEM, BEGIN CERTIFICATE)");
        }
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("trusted-" + n++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store from " + pemFile, e);
        }
    }

    /**
     * The context for {@code option} if given, else for the file {@value #ENVIRONMENT} names in
     * {@code environment}, else null: the JDK's trust store.
     *
     * @throws IllegalArgumentException naming the file (and the variable it came from) and what is wrong
     */
    public static @Nullable SSLContext fromOptionOrEnvironment(@Nullable Path option, Map<String, String> environment) {
        if (option != null) {
            return trusting(option);
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            return null;
        }
        try {
            return trusting(Path.of(fromEnvironment.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENVIRONMENT + ": " + e.getMessage(), e);
        }
    }
}
