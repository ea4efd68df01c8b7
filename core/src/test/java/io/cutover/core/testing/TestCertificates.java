package io.cutover.core.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * Certificates for TLS tests, made in memory with Bouncy Castle: a CA, the server certificates it signs
 * (each with a fresh key and serial), written as the PEM files {@code --tls-cert}, {@code --tls-key} and
 * {@code --tls-ca} take.
 *
 * <pre>{@code
 * TestCertificates.Authority ca = TestCertificates.authority("test CA");
 * TestCertificates.Issued server = ca.issue("localhost", "127.0.0.1");
 * server.write(certFile, keyFile);
 * ca.write(caFile);
 * }</pre>
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {}

    /** The key algorithms certificates are issued with. */
    public enum Algorithm { EC, RSA }

    /** How a private key is written. */
    public enum KeyFormat {
        /** {@code BEGIN PRIVATE KEY}. */
        PKCS8,
        /** OpenSSL's traditional form: {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY}. */
        TRADITIONAL
    }

    /**
     * Writes, into {@code dir}, a new CA ({@code ca.crt}) and a certificate it issued for {@code localhost}
     * and {@code 127.0.0.1} with its key ({@code api.crt}, {@code api.key}): what a server with TLS and its
     * clients need.
     */
    public static ServerFiles serverFiles(Path dir) {
        Authority ca = authority("test CA");
        Path certificate = dir.resolve("api.crt");
        Path key = dir.resolve("api.key");
        ca.issue("localhost", "127.0.0.1").write(certificate, key);
        Path caFile = dir.resolve("ca.crt");
        ca.write(caFile);
        return new ServerFiles(certificate, key, caFile);
    }

    /** The files {@link #serverFiles} wrote: {@code --tls-cert} and {@code --tls-key}, and {@code --tls-ca}. */
    public record ServerFiles(Path certificate, Path key, Path ca) {}

    /** A new self-signed CA with an EC key. */
    public static Authority authority(String name) {
        KeyPair keys = keyPair(Algorithm.EC);
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = builder(subject, subject, keys, now.minus(Duration.ofDays(60)), now.plus(Duration.ofDays(30)));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Authority(keys, sign(builder, keys));
    }

    /** A CA: issues server certificates, and is what clients trust. */
    public record Authority(KeyPair keys, X509Certificate certificate) {

        /** A server certificate with an EC key for {@code names} (DNS names or IP addresses). */
        public Issued issue(String... names) {
            return issue(Algorithm.EC, names);
        }

        /** A server certificate with a key of {@code algorithm} for {@code names} (DNS names or IP addresses). */
        public Issued issue(Algorithm algorithm, String... names) {
            Instant now = Instant.now();
            return issue(algorithm, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), names);
        }

        /** A server certificate with an EC key for {@code names} that expired a day ago. */
        public Issued issueExpired(String... names) {
            Instant now = Instant.now();
            return issue(Algorithm.EC, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), names);
        }

        /** A server certificate valid from {@code notBefore} to {@code notAfter}. */
        public Issued issue(Algorithm algorithm, Instant notBefore, Instant notAfter, String... names) {
            KeyPair serverKeys = keyPair(algorithm);
            X509v3CertificateBuilder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + names[0]), serverKeys, notBefore, notAfter);
            GeneralName[] alternatives = Arrays.stream(names)
                    .map(n -> new GeneralName(Character.isDigit(n.charAt(0)) || n.contains(":") ? GeneralName.iPAddress
                            : GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new);
            try {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Issued(sign(builder, keys), serverKeys, this);
        }

        /** Writes this CA's certificate as PEM, as {@code --tls-ca} reads it. */
        public void write(Path file) {
            TestCertificates.write(file, pem(certificate));
        }
    }

    /** A server certificate with its key. */
    public record Issued(X509Certificate certificate, KeyPair keys, Authority issuer) {

        /** The serial number, as {@code SSLSession} peer certificates show it. */
        public BigInteger serial() {
            return certificate.getSerialNumber();
        }

        /** Writes the certificate and its PKCS#8 key, each file replaced in one move. */
        public void write(Path certificateFile, Path keyFile) {
            writeCertificate(certificateFile);
            writeKey(keyFile, KeyFormat.PKCS8);
        }

        /** Writes the certificate alone, replacing the file in one move. */
        public void writeCertificate(Path file) {
            TestCertificates.write(file, pem(certificate));
        }

        /** Writes the certificate followed by its CA's: a chain, leaf first. */
        public void writeChain(Path file) {
            TestCertificates.write(file, pem(certificate) + pem(issuer.certificate()));
        }

        /** Writes the private key in {@code format}, replacing the file in one move. */
        public void writeKey(Path file, KeyFormat format) {
            TestCertificates.write(file, keyPem(format));
        }

        /** The private key as PEM in {@code format}. */
        public String keyPem(KeyFormat format) {
            return pem(format == KeyFormat.PKCS8 ? pkcs8(keys) : traditional(keys.getPrivate()));
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys,
            Instant notBefore, Instant notAfter) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(notBefore), Date.from(notAfter), subject, subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) {
        String algorithm = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair(Algorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.name());
            generator.initialize(algorithm == Algorithm.RSA ? 2048 : 256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenSSL's traditional form of a key: the writer gives RSA keys as PKCS#1, EC keys need their curve added. */
    private static Object traditional(PrivateKey key) {
        if (!key.getAlgorithm().equals("EC")) {
            return key;
        }
        // The JDK's PKCS#8 encoding names the curve outside the inner key only; SEC1 carries it inside.
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        try {
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
            return new PemObject("EC PRIVATE KEY", withCurve.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JcaPKCS8Generator pkcs8(KeyPair keys) {
        try {
            return new JcaPKCS8Generator(keys.getPrivate(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PEM text of a certificate, a private key (OpenSSL's traditional form) or a PKCS#8 generator. */
    public static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PemObjectGenerator generator) {
                writer.writeObject(generator);
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Replaces {@code file} with {@code text} in one move, as a careful rotation would. */
    public static void write(Path file, String text) {
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".pem-", ".tmp");
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
