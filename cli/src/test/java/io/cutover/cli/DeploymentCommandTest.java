package io.cutover.cli;

import static io.cutover.client.testing.ApiJson.DEPLOYING;
import static io.cutover.client.testing.ApiJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DeploymentCommandTest {

    @Test
    void followingADeploymentSucceedsWhenItDeploys() {
        assertThat(DeploymentCommand.success(json(DEPLOYING))).isEqualTo("DEPLOYED");
    }

    @Test
    void followingACancelledDeploymentSucceedsWhenTheRollbackEnds() {
        ObjectNode canceling = (ObjectNode) json(DEPLOYING);
        canceling.put("reason", "CANCELING");
        ObjectNode rollingBackAfterAFailure = canceling.deepCopy();
        rollingBackAfterAFailure.put("failure", "no progress for 600s");

        assertThat(DeploymentCommand.success(canceling)).isEqualTo("CANCELED");
        assertThat(DeploymentCommand.success(rollingBackAfterAFailure)).as("ends FAILED: not a success")
                .isEqualTo("DEPLOYED");
    }

    @Test
    void cancelSaysWhereItGoesBack() {
        ObjectNode canceling = (ObjectNode) json(DEPLOYING);
        canceling.put("reason", "CANCELING");

        assertThat(CancelCommand.canceled(canceling)).isEqualTo("deployment 7 of hello canceling, back to revision 1");
    }

    @Test
    void cancellingAPausedFailedDeploymentSucceedsWhenItHasRolledBack() {
        ObjectNode canceling = (ObjectNode) json(DEPLOYING);
        canceling.put("reason", "CANCELING");
        ObjectNode pausedAfterAFailure = canceling.deepCopy();
        pausedAfterAFailure.put("failure", "no progress for 600s");

        assertThat(CancelCommand.success(canceling)).isEqualTo("CANCELED");
        assertThat(CancelCommand.success(pausedAfterAFailure)).isEqualTo("FAILED");
    }
}
