package io.cutover.controller.health;

import io.cutover.core.model.Health;

/** Receives the checker's verdicts. Called on checker threads; implementations hand off quickly. */
public interface CheckListener {

    /** The instance's health changed. */
    void healthChanged(String instanceId, Health health, String detail);

    /** The instance's readiness check passed for the first time. */
    void ready(String instanceId);
}
