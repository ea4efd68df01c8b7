package io.cutover.core.manifest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cutover.core.routing.HttpsPolicy;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An app's desired state, as written in its manifest. Absent fields take their defaults here, so a
 * parsed spec is complete; {@link ManifestValidator} says whether it makes sense.
 *
 * @param name the app's name: a DNS label (lower-case letters, digits, single dashes), at most 50 characters
 * @param instances how many instances to run. Default 1
 * @param run how to start an instance
 * @param routes the hostnames (optionally with a path prefix) that reach the app; a name without a dot gets
 *     the default domain ({@code hello} means {@code hello.localhost}). Default: {@code [<name>]}
 * @param healthCheck the health check; null for none (then an instance counts as healthy once its port
 *     accepts connections)
 * @param readinessCheck the readiness check; null for none
 * @param strategy how a new revision replaces the old one
 * @param killGracePeriodSeconds time between SIGTERM and SIGKILL. Default 10
 * @param drainTimeoutSeconds the longest wait for in-flight requests before a stop. Default 30
 * @param backoffSeconds delay before relaunching after a failed instance. Default 1
 * @param backoffFactor growth of that delay with each consecutive failure. Default 1.15
 * @param maxLaunchDelaySeconds the delay's cap. Default 300
 * @param hooks what runs around a deployment (the hand-off); null for nothing
 * @param revisionHistoryLimit how many revisions are kept for rollback (the newest; the running ones
 *     always). Default 10
 * @param resources the container's cpu and memory requests and limits (Kubernetes); null for none
 * @param kubernetes pod fields passed through on Kubernetes; null for none
 * @param https what the app's routes do about HTTPS: redirect, HSTS; null for nothing. Not part of the
 *     revision: a change applies to the routes at once
 */
@JsonPropertyOrder({"name", "instances", "run", "routes", "healthCheck", "readinessCheck", "strategy"})
public record AppSpec(
        String name,
        Integer instances,
        RunSpec run,
        List<String> routes,
        @Nullable HealthCheck healthCheck,
        @Nullable ReadinessCheck readinessCheck,
        StrategySpec strategy,
        Integer killGracePeriodSeconds,
        Integer drainTimeoutSeconds,
        Double backoffSeconds,
        Double backoffFactor,
        Integer maxLaunchDelaySeconds,
        @Nullable Hooks hooks,
        Integer revisionHistoryLimit,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Resources resources,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable PodSettings kubernetes,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable HttpsPolicy https) {

    public AppSpec {
        name = name == null ? "" : name;
        instances = instances == null ? 1 : instances;
        run = run == null ? new RunSpec(null, null, null) : run;
        routes = routes == null ? List.of(name) : List.copyOf(routes);
        strategy = strategy == null ? StrategySpec.defaults() : strategy;
        killGracePeriodSeconds = killGracePeriodSeconds == null ? 10 : killGracePeriodSeconds;
        drainTimeoutSeconds = drainTimeoutSeconds == null ? 30 : drainTimeoutSeconds;
        backoffSeconds = backoffSeconds == null ? 1.0 : backoffSeconds;
        backoffFactor = backoffFactor == null ? 1.15 : backoffFactor;
        maxLaunchDelaySeconds = maxLaunchDelaySeconds == null ? 300 : maxLaunchDelaySeconds;
        revisionHistoryLimit = revisionHistoryLimit == null ? 10 : revisionHistoryLimit;
    }

    /** This spec with another instance count; everything else unchanged. */
    public AppSpec withInstances(int count) {
        return new AppSpec(name, count, run, routes, healthCheck, readinessCheck, strategy,
                killGracePeriodSeconds, drainTimeoutSeconds, backoffSeconds, backoffFactor, maxLaunchDelaySeconds, hooks,
                revisionHistoryLimit, resources, kubernetes, https);
    }

    /** This spec running what {@code other} runs (its run part); everything else unchanged. */
    public AppSpec withRunPartOf(AppSpec other) {
        return new AppSpec(name, instances, other.run(), routes, other.healthCheck(), other.readinessCheck(), strategy,
                killGracePeriodSeconds, drainTimeoutSeconds, backoffSeconds, backoffFactor, maxLaunchDelaySeconds, hooks,
                revisionHistoryLimit, other.resources(), other.kubernetes(), https);
    }

    /** The part that defines what runs; a change here makes a new revision. */
    public RunPart runPart() {
        return new RunPart(run, healthCheck, readinessCheck, resources, kubernetes);
    }

    /**
     * What runs: command or image and environment, the checks that decide whether it works, and on
     * Kubernetes the pod's resources and settings. Instance count, routes and strategy are not part of it:
     * changing those makes no new revision. Resources and pod settings are left out of the JSON when absent,
     * so a run part without them hashes as before they existed.
     */
    public record RunPart(RunSpec run, @Nullable HealthCheck healthCheck, @Nullable ReadinessCheck readinessCheck,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Resources resources,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable PodSettings kubernetes) {
        public RunPart {
            requireNonNull(run, "run");
        }
    }
}
