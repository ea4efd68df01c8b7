package io.cutover.router.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.core.testing.TestCertificates.Issued;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What one look at a certificate directory does, checked without waiting for the timer. */
class TlsDirectoryTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final Authority ca = TestCertificates.authority("directory test CA");

    private Issued write(String name, String host) {
        Issued issued = ca.issue(host);
        issued.write(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
        return issued;
    }

    @Test
    void theDefaultIsThePairNamedDefaultElseTheFirstByName() {
        write("b", "b.localhost");
        write("a", "a.localhost");
        try (TlsDirectory directory = TlsDirectory.open(dir, NEVER)) {
            assertThat(directory.certificates().current().fallback().name()).isEqualTo("a");
            write("default", "d.localhost");

            assertThat(directory.check()).isTrue();
            assertThat(directory.certificates().current().fallback().name()).isEqualTo("default");
            assertThat(directory.check()).as("nothing changed since").isFalse();
        }
    }

    @Test
    void unusableFilesAreRefusedOnceNotEveryLook() throws Exception {
        Issued served = write("a", "a.localhost");
        try (TlsDirectory directory = TlsDirectory.open(dir, NEVER)) {
            Files.delete(dir.resolve("a.crt"));
            Files.delete(dir.resolve("a.key"));
            Files.writeString(dir.resolve("b.crt"), "not PEM");
            Files.writeString(dir.resolve("b.key"), "not PEM");

            assertThat(directory.check()).isFalse();
            assertThat(directory.check()).isFalse();
            assertThat(directory.refusedReloads()).as("the same files refused once").isEqualTo(1);
            assertThat(directory.certificates().current().fallback().serial())
                    .as("the pair read before is still served").isEqualTo(served.serial().toString(16).toUpperCase());

            write("c", "c.localhost");
            assertThat(directory.check()).isTrue();
            assertThat(directory.certificates().current().infos()).extracting(CertificateInfo::name).containsExactly("c");
        }
    }

    @Test
    void aDirectoryWithoutPairsIsRefused() {
        assertThatThrownBy(() -> TlsDirectory.open(dir, NEVER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no certificate in it");
    }
}
