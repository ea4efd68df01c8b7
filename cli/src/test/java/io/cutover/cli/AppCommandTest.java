package io.cutover.cli;

import static io.cutover.client.testing.ApiJson.DEPLOYING;
import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AppCommandTest {

    @Test
    void showsACanarysLatestVerdictAndWhatToRunAtItsPause() {
        ObjectNode canary = (ObjectNode) json(DEPLOYING);
        canary.put("reason", "PAUSED").put("strategy", "CANARY");
        ObjectNode state = canary.putObject("canary").put("step", 3).put("steps", 4).put("weight", 50);
        state.putArray("analysis")
                .add(json("{\"step\": 2, \"verdict\": \"PASS\", \"reason\": \"fine\", \"background\": true}"))
                .add(json("{\"step\": 3, \"verdict\": \"INCONCLUSIVE\", \"reason\": \"too few requests\"}"));

        assertThat(AppCommand.deployment(canary))
                .contains("Analysis:         analysis at step 3: INCONCLUSIVE — too few requests (latest of 2;"
                        + " 'cutover deployment 7' lists them all)")
                .anySatisfy(line -> assertThat(line).startsWith("Next:             deployment 7 of hello PAUSED at step 3 of 4"));
    }

    @Test
    void aRollingDeploymentHasNoAnalysisLine() {
        assertThat(AppCommand.deployment(json(DEPLOYING))).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("Analysis"));
    }
}
