package io.cutover.controller.store;

import java.time.Instant;

/**
 * A revision hash whose deployment failed (the Flink operator's failed deploy hash): applying the same
 * run part again is refused unless forced, until a deployment of it succeeds.
 *
 * @param deployment the deployment that failed
 * @param reason why it failed
 */
public record FailedRevision(String app, String hash, long deployment, Instant failedAt, String reason) {}
