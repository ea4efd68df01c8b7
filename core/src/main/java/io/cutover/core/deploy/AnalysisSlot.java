package io.cutover.core.deploy;

/** Which analysis window an action or observation is about. */
public enum AnalysisSlot {
    /** The analysis step a canary is at. */
    STEP,
    /** A canary's background analysis ({@code strategy.analysis}). */
    BACKGROUND,
    /** Blue's traffic from the start of a blue-green deployment: the baseline of post-promotion analysis. */
    BASELINE,
    /** A blue-green deployment's analysis of preview traffic, before the switch. */
    PRE_PROMOTION,
    /** A blue-green deployment's analysis of green after the switch, blue still warm. */
    POST_PROMOTION
}
