package io.cutover.cli;

import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollbackCommandTest {

    @Test
    void namesTheRevisionGoneBackToWhenADeploymentCarriesIt() {
        String line = RollbackCommand.startedLine("hello", json("""
                {"deployment": 9, "instant": false, "from": 2, "app": {"revision": 4}}
                """));

        assertThat(line).isEqualTo("app hello rolling back: revision 4 runs what revision 2 ran");
    }

    @Test
    void namesTheWarmRevisionOfAnInstantSwitchBack() {
        String line = RollbackCommand.startedLine("hello", json("""
                {"deployment": 7, "instant": true, "from": 1, "app": {"revision": 2}}
                """));

        assertThat(line).isEqualTo(
                "app hello switched back to revision 1 (still warm): every router sends everything to it; deployment 7 cancels");
    }
}
