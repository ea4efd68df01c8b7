package io.cutover.router.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.RoutingTable;
import io.cutover.core.routing.TlsCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableFileTest {

    @TempDir
    Path dir;

    @Test
    void theSavedTableWithItsPrivateKeysIsReadableByItsOwnerOnlyAndReadBackWhole() throws Exception {
        TableFile file = new TableFile(dir, Manifests.json());
        RoutingTable table = new RoutingTable(3, 1, "store-1", List.of(), List.of(new TlsCertificate("shop.localhost", "CHAIN", "KEY")));

        file.write(table);
        file.write(table.withCertificates(List.of(new TlsCertificate("shop.localhost", "CHAIN", "KEY2")))); // replaces it

        Path saved = dir.resolve(TableFile.NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved))).isEqualTo("rw-------");
        assertThat(file.read()).hasValueSatisfying(read -> assertThat(read.certificates()).singleElement()
                .satisfies(c -> assertThat(c.key()).isEqualTo("KEY2")));
    }
}
