package io.cutover.router.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterFixtureTest {

    private final RouterFixture fixture = new RouterFixture();
    private final List<String> closed = new ArrayList<>();

    @Test
    void closesWhatATestOpenedLastFirst() throws Exception {
        fixture.beforeEach(null);
        fixture.open(() -> closed.add("router"));
        fixture.open(() -> closed.add("client"));
        fixture.open(() -> closed.add("backend"));

        fixture.afterEach(null);

        assertThat(closed).containsExactly("backend", "client", "router");
    }

    @Test
    void closesTheRestWhenOneFailsToCloseAndThenReportsIt() throws Exception {
        fixture.beforeEach(null);
        fixture.open(() -> closed.add("router"));
        fixture.open(() -> {
            throw new IllegalStateException("stuck");
        });
        fixture.open(() -> closed.add("backend"));

        assertThatThrownBy(() -> fixture.afterEach(null)).hasMessage("stuck");
        assertThat(closed).containsExactly("backend", "router");
    }

    @Test
    void closesNothingTwiceInTheNextTest() throws Exception {
        fixture.beforeEach(null);
        fixture.open(() -> closed.add("first test's"));
        fixture.afterEach(null);

        fixture.beforeEach(null);
        fixture.afterEach(null);

        assertThat(closed).containsExactly("first test's");
    }
}
