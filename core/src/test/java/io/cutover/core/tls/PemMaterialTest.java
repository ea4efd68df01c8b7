package io.cutover.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Algorithm;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.core.testing.TestCertificates.Issued;
import io.cutover.core.testing.TestCertificates.KeyFormat;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PemMaterialTest {

    private static final Authority CA = TestCertificates.authority("test CA");

    private static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    private static String key(Issued issued, KeyFormat format) {
        return issued.keyPem(format);
    }

    @ParameterizedTest(name = "{0} key as {1}")
    @CsvSource({"EC, PKCS8, BEGIN PRIVATE KEY", "EC, TRADITIONAL, BEGIN EC PRIVATE KEY",
        "RSA, PKCS8, BEGIN PRIVATE KEY", "RSA, TRADITIONAL, BEGIN RSA PRIVATE KEY"})
    void readsAKeyInEachPemFormWithItsCertificate(Algorithm algorithm, KeyFormat format, String header) throws Exception {
        Issued issued = CA.issue(algorithm, "localhost");
        String keyPem = key(issued, format);
        assertThat(keyPem).contains(header);

        PemMaterial material = PemMaterial.parse(bytes(TestCertificates.pem(issued.certificate())), bytes(keyPem));

        assertThat(material.leaf()).isEqualTo(issued.certificate());
        assertThat(material.serial()).isEqualToIgnoringCase(issued.serial().toString(16));
        assertThat(material.key().getAlgorithm()).isEqualTo(algorithm.name()); // and it signs for the certificate's key
    }

    @Test
    void keepsAChainLeafFirstAndSkipsTextAroundTheBlocks() throws Exception {
        Issued issued = CA.issue("localhost");
        String chain = "subject=CN=localhost\n" + TestCertificates.pem(issued.certificate())
                + "issuer=CN=test CA\n" + TestCertificates.pem(CA.certificate());

        PemMaterial material = PemMaterial.parse(bytes(chain), bytes(key(issued, KeyFormat.PKCS8)));

        assertThat(material.chain()).containsExactly(issued.certificate(), CA.certificate());
        KeyStore store = material.keyStore();
        Certificate[] stored = store.getCertificateChain("api");
        assertThat(stored).containsExactly(issued.certificate(), CA.certificate());
    }

    @Test
    void refusesTheKeyOfAnotherCertificate() {
        Issued served = CA.issue("localhost");
        Issued other = CA.issue("localhost");

        assertThatThrownBy(() -> PemMaterial.parse(bytes(TestCertificates.pem(other.certificate())),
                bytes(key(served, KeyFormat.PKCS8))))
                .isInstanceOf(UnusableTlsFilesException.class)
                .hasMessageContaining("the key does not match the certificate");
    }

    @Test
    void refusesAKeyOfAnotherAlgorithmThanTheCertificates() {
        Issued ec = CA.issue(Algorithm.EC, "localhost");
        Issued rsa = CA.issue(Algorithm.RSA, "localhost");

        assertThatThrownBy(() -> PemMaterial.parse(bytes(TestCertificates.pem(ec.certificate())),
                bytes(key(rsa, KeyFormat.TRADITIONAL))))
                .isInstanceOf(UnusableTlsFilesException.class)
                .hasMessageContaining("the key does not match the certificate");
    }

    @Test
    void refusesAnEncryptedKeyAndSaysHowToDecryptIt() throws Exception {
        Issued issued = CA.issue("localhost");
        OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build();
        String encrypted = TestCertificates.pem(new JcaPKCS8Generator(issued.keys().getPrivate(), encryptor));
        assertThat(encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY");

        assertThatThrownBy(() -> PemMaterial.parse(bytes(TestCertificates.pem(issued.certificate())), bytes(encrypted)))
                .isInstanceOf(UnusableTlsFilesException.class)
                .hasMessageContaining("the key is encrypted");
    }

    @Test
    void refusesFilesWithoutACertificateOrWithoutOneKey() {
        Issued issued = CA.issue("localhost");
        byte[] certificate = bytes(TestCertificates.pem(issued.certificate()));
        byte[] key = bytes(key(issued, KeyFormat.PKCS8));

        assertThatThrownBy(() -> PemMaterial.parse(key, key))
                .hasMessageContaining("the certificate file holds no certificate");
        assertThatThrownBy(() -> PemMaterial.parse(certificate, certificate))
                .hasMessageContaining("the key file holds 0 private keys");
        assertThatThrownBy(() -> PemMaterial.parse(bytes("-----BEGIN CERTIFICATE-----\nnot base64!\n"), key))
                .hasMessageContaining("the certificate file is not readable PEM");
    }
}
