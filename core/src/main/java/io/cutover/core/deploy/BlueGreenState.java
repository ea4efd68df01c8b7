package io.cutover.core.deploy;

import io.cutover.core.analysis.RevisionCounters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a blue-green deployment stands (docs/manifest.md, strategy blueGreen). Blue is the revision serving when it began, green the
 * new one.
 *
 * @param phase {@code DEPLOYING} (green starts at full size, reachable only by preview), {@code
 *     DUAL_RUNNING} (green ready beside blue: checks, then promotion), {@code SWITCHING} (the route
 *     table that sends everything to green is going out), {@code TEARDOWN} (green serves; blue stays warm
 *     for {@code scaleDownDelaySeconds}, then drains)
 * @param readyAt when green reached full size, ready; auto-promotion counts from here
 * @param checksPassed the pre-promotion checks (HTTP probes, analysis of preview traffic) passed
 * @param promote an operator asked to promote (the switch follows the checks)
 * @param switchedAt when every router confirmed the switch to green
 * @param handoff what the hand-off hook returned (stdout, or the response body); null if it has not run
 * @param window the running analysis window (pre-promotion on preview traffic, or post-promotion on
 *     green), or null
 * @param blueBaseline blue's counters when the deployment began: blue's traffic until the switch is the
 *     baseline post-promotion analysis compares green with
 * @param blueBeforeSwitch blue's traffic from the start until the switch (set at the switch)
 * @param results every analysis verdict and check outcome so far, oldest first
 */
public record BlueGreenState(
        Phase phase,
        @Nullable Instant readyAt,
        boolean checksPassed,
        boolean promote,
        @Nullable Instant switchedAt,
        @Nullable String handoff,
        CanaryState.@Nullable AnalysisWindow window,
        @Nullable RevisionCounters blueBaseline,
        @Nullable RevisionCounters blueBeforeSwitch,
        List<CanaryState.AnalysisResult> results) {

    /** The phases, as the Flink operator names them. */
    public enum Phase { DEPLOYING, DUAL_RUNNING, SWITCHING, TEARDOWN }

    /** A blue-green deployment just begun. */
    public static final BlueGreenState START = new BlueGreenState(Phase.DEPLOYING, null, false, false, null, null, null, null, null,
            List.of());

    public BlueGreenState {
        phase = phase == null ? Phase.DEPLOYING : phase;
        results = results == null ? List.of() : List.copyOf(results);
    }

    /** Whether the routers send everything to green (from the switch on). */
    public boolean switched() {
        return phase == Phase.SWITCHING || phase == Phase.TEARDOWN;
    }

    BlueGreenState ready(Instant now) {
        return new BlueGreenState(Phase.DUAL_RUNNING, now, checksPassed, promote, switchedAt, handoff, window, blueBaseline,
                blueBeforeSwitch, results);
    }

    /** The pre-promotion checks passed. */
    public BlueGreenState checked() {
        return new BlueGreenState(phase, readyAt, true, promote, switchedAt, handoff, window, blueBaseline, blueBeforeSwitch, results);
    }

    /** {@code cutover promote}: switch once the checks passed. */
    public BlueGreenState promoted() {
        return new BlueGreenState(phase, readyAt, checksPassed, true, switchedAt, handoff, window, blueBaseline, blueBeforeSwitch,
                results);
    }

    /** The hand-off hook's output, kept on the deployment. */
    public BlueGreenState handedOff(String output) {
        return new BlueGreenState(phase, readyAt, checksPassed, promote, switchedAt, output, window, blueBaseline, blueBeforeSwitch,
                results);
    }

    /** The switch is going out (the routers get the table that sends everything to green). */
    public BlueGreenState switching() {
        return new BlueGreenState(Phase.SWITCHING, readyAt, checksPassed, promote, switchedAt, handoff, null, blueBaseline,
                blueBeforeSwitch, results);
    }

    /** Every router confirmed the switch; {@code blueTraffic} is what blue served before it. */
    public BlueGreenState switchedAt(Instant now, @Nullable RevisionCounters blueTraffic) {
        return new BlueGreenState(Phase.TEARDOWN, readyAt, checksPassed, promote, now, handoff, null, blueBaseline, blueTraffic,
                results);
    }

    /** Blue's counters at the start, the baseline of post-promotion analysis. */
    public BlueGreenState withBaseline(RevisionCounters blue) {
        return new BlueGreenState(phase, readyAt, checksPassed, promote, switchedAt, handoff, window, blue, blueBeforeSwitch, results);
    }

    /** An analysis window begun. */
    public BlueGreenState analyzing(CanaryState.AnalysisWindow begun) {
        return new BlueGreenState(phase, readyAt, checksPassed, promote, switchedAt, handoff, begun, blueBaseline, blueBeforeSwitch,
                results);
    }

    /** A verdict or check outcome recorded; the window (if any) closed. */
    public BlueGreenState recorded(CanaryState.AnalysisResult result) {
        List<CanaryState.AnalysisResult> more = new ArrayList<>(results);
        more.add(result);
        return new BlueGreenState(phase, readyAt, checksPassed, promote, switchedAt, handoff, null, blueBaseline, blueBeforeSwitch,
                more);
    }

    /** How many verdicts were recorded in a phase (by their step: 1 pre-promotion, 2 post-promotion). */
    int verdicts(int stage) {
        return (int) results.stream().filter(r -> r.step() == stage).count();
    }

    /** The last verdict recorded in a stage, or null. */
    io.cutover.core.analysis.CanaryJudge.@Nullable Verdict lastVerdict(int stage) {
        for (int i = results.size() - 1; i >= 0; i--) {
            if (results.get(i).step() == stage) {
                return results.get(i).verdict();
            }
        }
        return null;
    }

    /** The colour of a revision in this deployment: blue the one serving before, green the new one. */
    public static String colour(int revision, int blue, int green) {
        return revision == green ? "green" : revision == blue ? "blue" : "";
    }
}
