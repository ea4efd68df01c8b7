package io.cutover.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RolloutWatchTest {

    private static JsonNode json(String text) throws IOException {
        return ApiClient.json().readTree(text);
    }

    private static RolloutWatch.Progress progress(int desired, int routable, int routableCurrent) {
        return new RolloutWatch.Progress("DEPLOYING", 2, desired, desired, desired, routable, routableCurrent);
    }

    @Test
    void isDoneOnlyWhenEveryDesiredInstanceOfTheCurrentRevisionIsRoutable() {
        assertThat(progress(4, 4, 4).done()).isTrue();
        assertThat(progress(4, 4, 2).done()).as("old instances still take traffic").isFalse();
        assertThat(progress(4, 5, 4).done()).as("an old one is still routable").isFalse();
        assertThat(progress(4, 3, 3).done()).isFalse();
        assertThat(progress(0, 0, 0).done()).as("scaled to zero").isTrue();
    }

    @Test
    void readsCountsFromTheAppAndRevisionsFromItsInstances() throws IOException {
        JsonNode app = json("""
                {"name": "hello", "revision": 2, "status": "DEPLOYING",
                 "instances": {"desired": 2, "running": 3, "healthy": 3, "routable": 2}}""");
        JsonNode instances = json("""
                [{"id": "a", "revision": 1, "routable": true},
                 {"id": "b", "revision": 2, "routable": true},
                 {"id": "c", "revision": 2, "routable": false}]""");

        RolloutWatch.Progress progress = RolloutWatch.Progress.of(app, instances);

        assertThat(progress).isEqualTo(new RolloutWatch.Progress("DEPLOYING", 2, 2, 3, 3, 2, 1));
        assertThat(progress.describe())
                .isEqualTo("1/2 instances routable (3 running, 3 healthy, 1 old still routable), revision 2, DEPLOYING");
    }
}
