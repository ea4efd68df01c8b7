package io.cutover.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain (leaf first) and the private key of its leaf, read from PEM and checked to belong
 * together: the key signs, the leaf's public key verifies.
 */
public record PemMaterial(List<X509Certificate> chain, PrivateKey key) {

    /** The password of the in-memory key store {@link #keyStore()} makes: it protects nothing, the store never leaves memory. */
    private static final char[] STORE_PASSWORD = "cutover".toCharArray();
    private static final byte[] CHALLENGE = "cutover: does this key belong to this certificate?".getBytes(StandardCharsets.UTF_8);

    public PemMaterial {
        chain = List.copyOf(chain);
    }

    /**
     * Reads a pair from the contents of its two files.
     *
     * @throws UnusableTlsFilesException saying what is wrong, for an operator to read
     */
    public static PemMaterial parse(byte[] certificatePem, byte[] keyPem) throws UnusableTlsFilesException {
        List<X509Certificate> chain = certificates(certificatePem);
        PrivateKey key = privateKey(keyPem, chain.getFirst());
        checkPair(chain.getFirst(), key);
        return new PemMaterial(chain, key);
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** The DNS names among the leaf's subject alternative names, lower case. */
    public List<String> dnsNames() throws UnusableTlsFilesException {
        List<String> names = new ArrayList<>();
        try {
            java.util.Collection<List<?>> alternatives = leaf().getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() == 2 && Integer.valueOf(2).equals(alternative.get(0))) {
                        names.add(String.valueOf(alternative.get(1)).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            throw new UnusableTlsFilesException("its subject alternative names are unreadable: " + e.getMessage(), e);
        }
        return names;
    }

    /** The leaf's serial number in hex, as {@code openssl x509 -serial} prints it. */
    public String serial() {
        return hex(leaf().getSerialNumber());
    }

    /** A key store holding this pair alone (for a JSSE server such as Jetty), protected by {@link #storePassword()}. */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("api", key, STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build an in-memory key store", e);
        }
    }

    public static String storePassword() {
        return new String(STORE_PASSWORD);
    }

    private static List<X509Certificate> certificates(byte[] pem) throws UnusableTlsFilesException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(pem)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new UnusableTlsFilesException("the certificate file is not readable PEM: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new UnusableTlsFilesException("the certificate file holds no certificate (expected: PEM, BEGIN CERTIFICATE)");
        }
        return chain;
    }

    private static PrivateKey privateKey(byte[] pem, X509Certificate leaf) throws UnusableTlsFilesException {
        List<PrivateKeyInfo> keys = new ArrayList<>();
        try (PEMParser parser = parser(pem)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    keys.add(info);
                } else if (object instanceof PEMKeyPair pair) {
                    keys.add(pair.getPrivateKeyInfo());
                } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new UnusableTlsFilesException("the key is encrypted (expected: an unencrypted key, "
                            + "e.g. from 'openssl pkey -in KEY -out KEY.pem')");
                }
                // anything else (the EC PARAMETERS block openssl writes before an EC key, a certificate) is skipped
            }
        } catch (IOException | RuntimeException e) {
            throw new UnusableTlsFilesException("the key file is not readable PEM: " + e.getMessage(), e);
        }
        if (keys.size() != 1) {
            throw new UnusableTlsFilesException("the key file holds " + keys.size() + " private keys (expected: one, "
                    + "BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
        }
        // The JDK reads any unencrypted key as PKCS#8; the certificate says which algorithm to read it with.
        String algorithm = leaf.getPublicKey().getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(keys.getFirst().getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new UnusableTlsFilesException("the key does not match the certificate (the certificate's key is "
                    + algorithm + ", the key file's is not)", e);
        }
    }

    private static void checkPair(X509Certificate leaf, PrivateKey key) throws UnusableTlsFilesException {
        String signature = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> throw new UnusableTlsFilesException("keys of type " + key.getAlgorithm()
                    + " are not supported (expected: RSA, EC or Ed25519)");
        };
        try {
            Signature signer = Signature.getInstance(signature);
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(signature);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(CHALLENGE);
            if (verifier.verify(signed)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new UnusableTlsFilesException("the key does not match the certificate: " + e.getMessage(), e);
        }
        throw new UnusableTlsFilesException("the key does not match the certificate (serial " + hex(leaf.getSerialNumber()) + ")");
    }

    private static String hex(BigInteger serial) {
        return serial.toString(16).toUpperCase(Locale.ROOT);
    }

    private static PEMParser parser(byte[] pem) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }
}
