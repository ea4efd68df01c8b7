package io.cutover.router.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.testing.TestCertificates;
import io.cutover.core.tls.PemMaterial;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCounted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** Swapped-out BoringSSL contexts are released: after their grace period, or when the listener closes. */
class SniCertificatesTest {

    private final TestCertificates.Authority ca = TestCertificates.authority("sni test CA");

    private ServedCertificate served(String host) throws Exception {
        TestCertificates.Issued issued = ca.issue(host);
        PemMaterial material = PemMaterial.parse(TestCertificates.pem(issued.certificate()).getBytes(StandardCharsets.US_ASCII),
                issued.keyPem(TestCertificates.KeyFormat.PKCS8).getBytes(StandardCharsets.US_ASCII));
        return new ServedCertificate(host, List.of(host), material.serial(), Instant.now(), TlsContexts.server(material));
    }

    private static int refCnt(SslContext context) {
        return ((ReferenceCounted) context).refCnt();
    }

    @Test
    void closingReleasesTheServedContextsAndTheOnesStillInTheirGracePeriod() throws Exception {
        ServedCertificate first = served("a.localhost");
        ServedCertificate second = served("a.localhost");
        ScheduledExecutorService releaser = Executors.newSingleThreadScheduledExecutor();
        try {
            SniCertificates certificates = new SniCertificates(new CertificateSet(List.of(first), first), releaser);
            certificates.replace(new CertificateSet(List.of(second), second));

            assertThat(certificates.map("a.localhost")).isSameAs(second.context());
            assertThat(refCnt(first.context())).as("a handshake may still be making its engine from it").isEqualTo(1);

            certificates.releaseAll();

            assertThat(refCnt(first.context())).isZero();
            assertThat(refCnt(second.context())).isZero();
        } finally {
            releaser.shutdownNow();
        }
    }
}
