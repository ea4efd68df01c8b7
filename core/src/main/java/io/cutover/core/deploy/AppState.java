package io.cutover.core.deploy;

import static java.util.Objects.requireNonNull;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.model.Instance;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything a planner sees of one app: its desired state, what runs, and the deployment under way.
 *
 * @param spec the desired spec (during a rollback: the revision gone back to, with the current instance count)
 * @param revision the revision that should run
 * @param deleting the app was deleted: its instances drain, then it goes
 * @param instances every instance the app has, in any state
 * @param deployment the active deployment, or null
 * @param backoff the app's launch backoff
 */
public record AppState(AppSpec spec, int revision, boolean deleting, List<Instance> instances,
        @Nullable Deployment deployment, LaunchBackoff backoff) {

    public AppState {
        requireNonNull(spec, "spec");
        instances = List.copyOf(instances);
        requireNonNull(backoff, "backoff");
        if (deployment != null && !deployment.active()) {
            throw new IllegalArgumentException("deployment: " + deployment.reason() + " (expected: an active deployment or none)");
        }
    }

    public String name() {
        return spec.name();
    }
}
