package io.cutover.core.deploy;

import static io.cutover.core.deploy.Apps.T0;
import static io.cutover.core.deploy.Apps.kinds;
import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.core.deploy.DeploymentControl.Accepted;
import io.cutover.core.deploy.DeploymentControl.Control;
import io.cutover.core.deploy.DeploymentControl.Refused;
import io.cutover.core.manifest.StrategySpec;
import org.junit.jupiter.api.Test;

/** The controls of a deployment, state by state: what each does, and what is refused with which reason. */
class DeploymentControlTest {

    private static Deployment canaryPaused() {
        Deployment d = Apps.deployment(StrategySpec.Type.CANARY);
        return d.withCanary(d.canary().pausedSince(T0), Deployment.Reason.PAUSED, "paused until continued", T0);
    }

    private static Deployment accepted(DeploymentControl.Decision decision) {
        assertThat(decision).isInstanceOf(Accepted.class);
        return ((Accepted) decision).deployment();
    }

    private static String refused(DeploymentControl.Decision decision) {
        assertThat(decision).isInstanceOf(Refused.class);
        return ((Refused) decision).reason();
    }

    @Test
    void continueTakesAPausedCanaryOnAndIsRefusedElsewhere() {
        Deployment next = accepted(DeploymentControl.control(canaryPaused(), Control.CONTINUE, T0));
        assertThat(next.reason()).isEqualTo(Deployment.Reason.DEPLOYING);
        assertThat(next.canary().step()).isEqualTo(1);

        assertThat(refused(DeploymentControl.control(Apps.deployment(StrategySpec.Type.CANARY), Control.CONTINUE, T0)))
                .isEqualTo("deployment 7 of a is DEPLOYING, not PAUSED: nothing to continue (starting revision 2)");
        assertThat(refused(DeploymentControl.control(Apps.deployment(StrategySpec.Type.ROLLING), Control.CONTINUE, T0)))
                .isEqualTo("deployment 7 of a is a rolling deployment: it has no steps to continue (resume goes on after a pause)");
    }

    @Test
    void pauseAndResumeHoldACanaryWhereItIsAndResumeReturnsToItsPause() {
        Deployment held = accepted(DeploymentControl.control(canaryPaused(), Control.PAUSE, T0));
        assertThat(held.canary().held()).isTrue();
        assertThat(refused(DeploymentControl.control(held, Control.PAUSE, T0))).isEqualTo("deployment 7 of a is already paused by an operator");
        assertThat(refused(DeploymentControl.control(held, Control.CONTINUE, T0))).isEqualTo("deployment 7 of a was paused by an operator: resume it");

        Deployment resumed = accepted(DeploymentControl.control(held, Control.RESUME, T0));
        assertThat(resumed.reason()).as("it waited at a pause: it waits there again").isEqualTo(Deployment.Reason.PAUSED);
        assertThat(resumed.canary().held()).isFalse();

        Deployment rolling = accepted(DeploymentControl.control(Apps.deployment(StrategySpec.Type.ROLLING), Control.PAUSE, T0));
        assertThat(rolling.reason()).isEqualTo(Deployment.Reason.PAUSED);
        assertThat(accepted(DeploymentControl.control(rolling, Control.RESUME, T0)).reason()).isEqualTo(Deployment.Reason.DEPLOYING);
    }

    @Test
    void anAcceptedControlIsRecordedWithItsEvent() {
        Accepted accepted = (Accepted) DeploymentControl.control(canaryPaused(), Control.PROMOTE_FULL, T0);

        assertThat(accepted.deployment().canary().promoting()).isTrue();
        assertThat(kinds(accepted.plan())).containsExactly("RecordStep", "WakeAt");
        Action.RecordStep step = (Action.RecordStep) accepted.plan().actions().get(0);
        assertThat(step.events()).extracting(Event::type).containsExactly("deployment_promote_full");
        assertThat(accepted.answersAfterSwitch()).isFalse();
    }

    @Test
    void aBlueGreenPromoteAnswersAfterTheSwitchAndPauseIsRefused() {
        Deployment d = Apps.deployment(StrategySpec.Type.BLUE_GREEN);

        Accepted promote = (Accepted) DeploymentControl.control(d, Control.CONTINUE, T0);
        assertThat(promote.deployment().blueGreen().promote()).isTrue();
        assertThat(promote.answersAfterSwitch()).isTrue();
        assertThat(refused(DeploymentControl.control(d, Control.PAUSE, T0))).contains("is a blue-green deployment");

        Deployment switched = d.withBlueGreen(d.blueGreen().switching().switchedAt(T0, null), Deployment.Reason.DEPLOYING, "switched", T0);
        assertThat(refused(DeploymentControl.control(switched, Control.CONTINUE, T0)))
                .isEqualTo("deployment 7 of a already switched to revision 2: nothing to promote");
    }

    @Test
    void cancelRollsBackWeightsFirstAndAnEndedDeploymentRefusesEverything() {
        Accepted cancel = (Accepted) DeploymentControl.cancel(canaryPaused(), T0);
        assertThat(cancel.deployment().reason()).isEqualTo(Deployment.Reason.CANCELING);
        assertThat(kinds(cancel.plan())).containsExactly("RollBack", "ResetBackoff", "PublishRoutes", "WakeAt");

        Accepted again = (Accepted) DeploymentControl.cancel(cancel.deployment(), T0);
        assertThat(again.plan().isEmpty()).as("already rolling back").isTrue();

        Deployment done = Apps.deployment(StrategySpec.Type.ROLLING).moveTo(Deployment.Reason.CANCELED, "rolled back", T0);
        assertThat(refused(DeploymentControl.cancel(done, T0))).isEqualTo("deployment 7 is already FINALIZED (CANCELED): nothing to cancel");
        assertThat(refused(DeploymentControl.control(done, Control.RESUME, T0))).isEqualTo("deployment 7 of a is FINALIZED (CANCELED): nothing to resume");
    }

    @Test
    void aNewDeploymentSupersedesAnUnpromotedCanaryFromItsStableRevision() {
        Deployment canary = Apps.deployment(StrategySpec.Type.CANARY);
        assertThat(DeploymentControl.startFrom(canary, 2, 3)).as("the stable revision still serves").isEqualTo(1);
        Deployment promoting = canary.withCanary(canary.canary().promoted(), Deployment.Reason.DEPLOYING, "promoting", T0);
        assertThat(DeploymentControl.startFrom(promoting, 2, 3)).isEqualTo(2);
        assertThat(DeploymentControl.startFrom(null, 2, 3)).isEqualTo(2);
        assertThat(DeploymentControl.superseded(canary, 8, T0).reason()).isEqualTo(Deployment.Reason.SUPERSEDED);
    }
}
