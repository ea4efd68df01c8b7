package io.cutover.controller.store;

import static io.cutover.controller.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.auth.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store contract for API tokens. */
interface TokensContract extends StoreUnderTest {

    @Test
    default void tokensAreKeptByNameWithTheirRoleHashAndExpiryAndDeleted() {
        ApiToken alice = new ApiToken("alice", Role.DEPLOYER, "a1".repeat(32), T0, T0.plusSeconds(3600), "admin");
        ApiToken bob = new ApiToken("bob", Role.VIEWER, "b2".repeat(32), T0.plusSeconds(1), null, "admin");
        write(tx -> {
            tx.insertToken(bob);
            tx.insertToken(alice);
        });

        assertThat(store().tokens()).containsExactly(alice, bob);
        Optional<ApiToken> found = tx(tx -> tx.token("bob"));
        assertThat(found).contains(bob);
        assertThat(store().tokenByHash("a1".repeat(32))).as("what authentication asks").contains(alice);
        assertThat(store().tokenByHash("c3".repeat(32))).isEmpty();

        boolean deleted = tx(tx -> tx.deleteToken("bob"));
        boolean deletedAgain = tx(tx -> tx.deleteToken("bob"));
        assertThat(deleted).isTrue();
        assertThat(deletedAgain).isFalse();
        assertThat(store().tokens()).containsExactly(alice);
        assertThat(store().tokenByHash("b2".repeat(32))).isEmpty();
    }

    @Test
    default void certificatesAreKeptByNameReplacedAndDeleted() {
        StoredCertificate shop = new StoredCertificate("shop.example.com", "CHAIN", "KEY", List.of("shop.example.com"), "0A",
                T0.plusSeconds(86_400), T0, "admin");
        StoredCertificate wild = new StoredCertificate("*.example.com", "CHAIN2", "KEY2", List.of("*.example.com", "example.com"),
                "0B", T0.plusSeconds(86_400), T0, "ops");
        write(tx -> {
            tx.putCertificate(shop);
            tx.putCertificate(wild);
        });

        assertThat(store().certificates()).containsExactly(wild, shop);

        StoredCertificate renewed = new StoredCertificate("shop.example.com", "CHAIN3", "KEY3", List.of("shop.example.com"), "0C",
                T0.plusSeconds(172_800), T0.plusSeconds(60), "admin");
        write(tx -> tx.putCertificate(renewed));
        boolean deleted = tx(tx -> tx.deleteCertificate("*.example.com"));
        boolean deletedAgain = tx(tx -> tx.deleteCertificate("*.example.com"));

        assertThat(deleted).isTrue();
        assertThat(deletedAgain).isFalse();
        assertThat(store().certificates()).containsExactly(renewed);
    }

    @Test
    default void aTokenNameOrHashIsTakenOnlyOnce() {
        write(tx -> tx.insertToken(new ApiToken("alice", Role.ADMIN, "a1".repeat(32), T0, null, "server")));

        assertThatThrownBy(() -> write(tx -> tx.insertToken(new ApiToken("alice", Role.VIEWER, "c3".repeat(32), T0, null, "x"))))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> write(tx -> tx.insertToken(new ApiToken("carol", Role.VIEWER, "a1".repeat(32), T0, null, "x"))))
                .isInstanceOf(RuntimeException.class);
        assertThat(store().tokens()).extracting(ApiToken::name).containsExactly("alice");
    }
}
