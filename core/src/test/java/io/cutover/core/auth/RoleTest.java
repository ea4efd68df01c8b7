package io.cutover.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void adminPermitsEverything() {
        for (Role needed : Role.values()) {
            assertThat(Role.ADMIN.permits(needed)).isTrue();
        }
    }

    @Test
    void deployerPermitsReadingAndDeployingButNotAdminOrRouting() {
        assertThat(Role.DEPLOYER.permits(Role.VIEWER)).isTrue();
        assertThat(Role.DEPLOYER.permits(Role.DEPLOYER)).isTrue();
        assertThat(Role.DEPLOYER.permits(Role.ADMIN)).isFalse();
        assertThat(Role.DEPLOYER.permits(Role.ROUTER)).isFalse();
    }

    @Test
    void viewerOnlyReads() {
        assertThat(Role.VIEWER.permits(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.permits(Role.DEPLOYER)).isFalse();
        assertThat(Role.VIEWER.permits(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.permits(Role.ROUTER)).isFalse();
    }

    @Test
    void routerOnlySpeaksTheRoutingProtocol() {
        assertThat(Role.ROUTER.permits(Role.ROUTER)).isTrue();
        assertThat(Role.ROUTER.permits(Role.VIEWER)).isFalse();
        assertThat(Role.ROUTER.permits(Role.DEPLOYER)).isFalse();
    }

    @Test
    void parsesTheWordsAndNamesTheRolesOnAMistake() {
        assertThat(Role.parse("deployer")).isEqualTo(Role.DEPLOYER);
        assertThatThrownBy(() -> Role.parse("root"))
                .hasMessage("\"root\" is not a role (expected one of: viewer, deployer, admin, router)");
    }
}
