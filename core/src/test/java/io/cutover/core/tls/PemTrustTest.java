package io.cutover.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTrustTest {

    // openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500 -subj /CN=localhost
    private static final Path CERTIFICATE = resource("/tls/self-signed.pem");

    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(PemTrustTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void buildsAContextFromAPemCertificate() {
        assertThat(PemTrust.trusting(CERTIFICATE).getProtocol()).isEqualTo("TLS");
    }

    @Test
    void takesTheOptionFirstThenTheEnvironmentElseTheJdkTrustStore() {
        Path missing = dir.resolve("missing.pem");

        assertThat(PemTrust.fromOptionOrEnvironment(CERTIFICATE, Map.of(PemTrust.ENVIRONMENT, missing.toString()))).isNotNull();
        assertThat(PemTrust.fromOptionOrEnvironment(null, Map.of(PemTrust.ENVIRONMENT, CERTIFICATE.toString()))).isNotNull();
        assertThat(PemTrust.fromOptionOrEnvironment(null, Map.of(PemTrust.ENVIRONMENT, " "))).isNull();
        assertThat(PemTrust.fromOptionOrEnvironment(null, Map.of())).isNull();
        assertThatThrownBy(() -> PemTrust.fromOptionOrEnvironment(null, Map.of(PemTrust.ENVIRONMENT, missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(PemTrust.ENVIRONMENT + ": " + missing + ": cannot read it");
    }

    @Test
    void refusesAFileWithoutCertificates() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> PemTrust.trusting(empty)).hasMessage(empty + ": holds no certificate (expected: PEM, BEGIN CERTIFICATE)");
        assertThatThrownBy(() -> PemTrust.trusting(key)).hasMessageStartingWith(key + ": ");
    }
}
