package io.cutover.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.core.manifest.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static RoutingTable table(long generation, long term, String store) {
        return new RoutingTable(generation, term, store, List.of());
    }

    @Test
    void withinOneStoreANewerGenerationOfTheSameOrALaterTermIsTaken() {
        RoutingTable served = table(10, 3, "a");

        assertThat(served.refusalOf(table(11, 3, "a"))).isNull();
        assertThat(served.refusalOf(table(10, 3, "a"))).isNull();
        assertThat(served.refusalOf(table(12, 4, "a"))).isNull();
    }

    @Test
    void withinOneStoreAnOlderTermIsRefusedWhateverItsGeneration() {
        assertThat(table(10, 4, "a").refusalOf(table(11, 3, "a"))).isEqualTo(
                "term: 3 is older than term 4 this router follows (a deposed leader's table); following the current leader");
    }

    @Test
    void withinOneStoreAnOlderGenerationIsRefused() {
        assertThat(table(10, 3, "a").refusalOf(table(9, 3, "a")))
                .isEqualTo("generation: 9 (expected: >= 10, the generation served)");
        assertThat(table(10, 0, "").refusalOf(table(9, 0, ""))).startsWith("generation: 9");
    }

    @Test
    void aTableOfAnotherStoreIsTakenWhateverItsNumbers() {
        RoutingTable served = table(104, 9, "old");

        assertThat(served.refusalOf(table(3, 1, "new"))).isNull();
        assertThat(served.refusalOf(table(3, 0, ""))).isNull();
        assertThat(table(104, 0, "").refusalOf(table(3, 1, "new"))).isNull();
    }

    @Test
    void theEmptyTableOfGenerationZeroNeverReplacesAServedOne() {
        assertThat(table(104, 9, "a").refusalOf(RoutingTable.EMPTY)).startsWith("generation: 0 (expected: >= 1");
        assertThat(RoutingTable.EMPTY.refusalOf(RoutingTable.EMPTY)).isNull();
    }

    @Test
    void aTableSavedBeforeTermsAndStoresReadsAsUnknown() throws Exception {
        ObjectMapper json = Manifests.json().copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        RoutingTable old = json.readValue("{\"generation\": 7, \"routes\": []}", RoutingTable.class);

        assertThat(old).isEqualTo(table(7, 0, ""));
    }

    @Test
    void termAndStoreTravelWithTheTable() throws Exception {
        RoutingTable sent = table(5, 2, "4f1c").stamped(3, "9a0e");

        RoutingTable read = Manifests.json().readValue(Manifests.toJson(sent), RoutingTable.class);

        assertThat(read).isEqualTo(table(5, 3, "9a0e"));
        assertThat(Manifests.toJson(sent)).contains("\"term\":3", "\"store\":\"9a0e\"");
    }

    @Test
    void aDeltaKeepsTheStoreOfTheTableItAppliesToAndTakesItsTerm() {
        RoutingTable next = new RoutingDelta(5, 6, 4, List.of(), List.of()).applyTo(table(5, 3, "a"));

        assertThat(next).isEqualTo(table(6, 4, "a"));
        assertThat(RoutingDelta.between(table(5, 3, "a"), table(6, 4, "a")).term()).isEqualTo(4);
    }
}
