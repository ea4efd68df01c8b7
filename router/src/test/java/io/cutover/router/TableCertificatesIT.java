package io.cutover.router;

import static io.cutover.router.testing.Tables.endpoint;
import static io.cutover.router.testing.Tables.revision;
import static io.cutover.router.testing.Tables.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import io.cutover.core.routing.TlsCertificate;
import io.cutover.core.testing.TestCertificates;
import io.cutover.core.testing.TestCertificates.Authority;
import io.cutover.core.testing.TestCertificates.Issued;
import io.cutover.core.testing.TestCertificates.KeyFormat;
import io.cutover.router.testing.RawHttp;
import io.cutover.router.testing.RouterFixture;
import io.cutover.router.testing.TestBackend;
import io.cutover.router.testing.TlsClient;
import io.cutover.router.tls.CertificateInfo;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates the route table carries (added through the controller's API): served by SNI beside the
 * directory's, replaced and removed with the table, and a table with one that cannot be served refused whole.
 */
class TableCertificatesIT {

    @RegisterExtension
    final RouterFixture fixture = new RouterFixture();

    @TempDir
    Path dir;

    private final Authority ca = TestCertificates.authority("router test CA");
    private final TlsClient client = new TlsClient(ca.certificate());
    private Issued fallback;
    private Issued local;
    private Router router;
    private RouteEntry shop;

    @BeforeEach
    void start() {
        fallback = ca.issue("default.localhost");
        fallback.write(dir.resolve("default.crt"), dir.resolve("default.key"));
        local = ca.issue("local.localhost");
        local.write(dir.resolve("local.crt"), dir.resolve("local.key"));
        router = fixture.startRouter(o -> o.tls("127.0.0.1", 0, dir));
        TestBackend app = fixture.backend("shop-1");
        shop = route("shop.localhost", "shop", revision(1, 100, endpoint("shop-1", app.port())));
    }

    private static TlsCertificate added(String name, Issued issued) {
        return new TlsCertificate(name, TestCertificates.pem(issued.certificate()), issued.keyPem(KeyFormat.PKCS8));
    }

    private RoutingTable table(long generation, TlsCertificate... certificates) {
        return new RoutingTable(generation, 0, "", List.of(shop), List.of(certificates));
    }

    @Test
    void aTablesCertificatesAreServedBySniBesideTheDirectorysUntilTheyLeaveIt() {
        Issued shopCertificate = ca.issue("shop.localhost");
        Issued wildcard = ca.issue("*.shop.localhost", "local.localhost");

        router.apply(table(1, added("shop.localhost", shopCertificate), added("*.shop.localhost", wildcard)));

        assertThat(serial("shop.localhost")).isEqualTo(shopCertificate.serial());
        assertThat(serial("eu.shop.localhost")).isEqualTo(wildcard.serial());
        assertThat(serial("local.localhost")).as("a host the directory names keeps the directory's").isEqualTo(local.serial());
        assertThat(serial("other.localhost")).as("the directory's default stays the default").isEqualTo(fallback.serial());
        assertThat(router.certificates()).extracting(CertificateInfo::name)
                .containsExactly("default", "local", "*.shop.localhost", "shop.localhost");
        try (RawHttp http = RawHttp.over(client.connect(router.tlsAddress(), "shop.localhost"))) {
            assertThat(http.send("GET / HTTP/1.1\r\nHost: shop.localhost\r\n\r\n").read().bodyText()).isEqualTo("shop-1");
        }
        assertThat(router.table().certificates()).as("kept with the table, for the saved copy").hasSize(2);

        Issued renewed = ca.issue("shop.localhost");
        router.apply(new RoutingDelta(1, 2, 0, List.of(), List.of(), List.of(added("shop.localhost", renewed))));

        assertThat(serial("shop.localhost")).isEqualTo(renewed.serial());
        assertThat(serial("eu.shop.localhost")).as("gone with the delta").isEqualTo(fallback.serial());

        router.apply(new RoutingDelta(2, 3, 0, List.of(shop), List.of(), null));
        assertThat(serial("shop.localhost")).as("a delta without certificates leaves them").isEqualTo(renewed.serial());

        router.apply(table(4));
        assertThat(serial("shop.localhost")).isEqualTo(fallback.serial());
        assertThat(router.certificates()).extracting(CertificateInfo::name).containsExactly("default", "local");
    }

    @Test
    void aTableWithACertificateThatCannotBeServedIsRefusedWhole() {
        Issued good = ca.issue("shop.localhost");
        router.apply(table(1, added("shop.localhost", good)));
        Issued other = ca.issue("x.localhost");
        TlsCertificate mismatched = new TlsCertificate("x.localhost", TestCertificates.pem(other.certificate()),
                good.keyPem(KeyFormat.PKCS8));

        assertThatThrownBy(() -> router.apply(new RoutingTable(2, 0, "", List.of(), List.of(mismatched))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificates: x.localhost: the key does not match the certificate");

        assertThat(router.generation()).isEqualTo(1);
        assertThat(router.table().routes()).as("the routes of the refused table were not applied").containsExactly(shop);
        assertThat(serial("shop.localhost")).isEqualTo(good.serial());
        assertThat(serial("x.localhost")).isEqualTo(fallback.serial());
    }

    @Test
    void aRouterWithoutTlsListenerTakesTheTableAndServesItsRoutes() {
        Router plain = fixture.startRouter();

        plain.apply(table(1, added("shop.localhost", ca.issue("shop.localhost"))));

        assertThat(plain.generation()).isEqualTo(1);
        assertThat(plain.certificates()).isEmpty();
        assertThat(fixture.http(plain).get("shop.localhost", "/").body()).isEqualTo("shop-1");
    }

    private BigInteger serial(String sni) {
        SSLSocket socket = client.connect(router.tlsAddress(), sni);
        try {
            return TlsClient.serial(socket);
        } finally {
            try {
                socket.close();
            } catch (java.io.IOException e) {
                // closing a socket the test is done with
            }
        }
    }
}
