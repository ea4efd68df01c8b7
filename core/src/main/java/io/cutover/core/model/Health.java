package io.cutover.core.model;

/** The health check's verdict on an instance. */
public enum Health {
    /** No verdict yet (grace period, or no check has finished). */
    UNKNOWN,
    HEALTHY,
    /** Failed {@code maxConsecutiveFailures} checks in a row. */
    UNHEALTHY
}
