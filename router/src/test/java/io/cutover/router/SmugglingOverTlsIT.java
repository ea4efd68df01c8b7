package io.cutover.router;

import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.TlsClient;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link SmugglingIT}'s shapes over the TLS listener: TLS changes nothing of how requests are framed. */
class SmugglingOverTlsIT extends SmugglingIT {

    @TempDir
    Path certificates;

    private final Authority ca = TestCertificates.authority("smuggling test CA");
    private final TlsClient tls = new TlsClient(ca.certificate());

    @Override
    Router startRouter() {
        ca.issue("app.localhost").write(certificates.resolve("app.crt"), certificates.resolve("app.key"));
        return fixture.startRouter(o -> o.tls("127.0.0.1", 0, certificates));
    }

    @Override
    RawHttp connect() {
        return RawHttp.over(tls.connect(router.tlsAddress(), "app.localhost"));
    }
}
