package io.cutover.core.deploy;

import io.cutover.core.manifest.AppSpec;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The launch delay after instances failed, Marathon's way: {@code backoffSeconds}, times
 * {@code backoffFactor} for each further consecutive failure, capped at {@code maxLaunchDelaySeconds}.
 * A healthy instance resets it.
 *
 * @param failures consecutive failures so far
 * @param lastFailureAt when the last one happened; null when there was none
 */
public record LaunchBackoff(int failures, @Nullable Instant lastFailureAt) {

    /** No failures: launch at once. */
    public static final LaunchBackoff NONE = new LaunchBackoff(0, null);

    /** The state after one more failure at {@code now}. */
    public LaunchBackoff afterFailure(Instant now) {
        return new LaunchBackoff(failures + 1, now);
    }

    /** How long to wait after the last failure before the next launch. */
    public Duration delay(AppSpec spec) {
        if (failures == 0) {
            return Duration.ZERO;
        }
        double seconds = spec.backoffSeconds() * Math.pow(spec.backoffFactor(), failures - 1);
        double capped = Math.min(seconds, spec.maxLaunchDelaySeconds());
        return Duration.ofMillis(Math.round(capped * 1000));
    }

    /** The earliest time a launch may happen; null when there is no wait. */
    public @Nullable Instant nextLaunchAt(AppSpec spec) {
        return lastFailureAt == null ? null : lastFailureAt.plus(delay(spec));
    }
}
