package io.cutover.controller.kubernetes;

import io.cutover.controller.store.AppRecord;
import io.cutover.controller.store.Store;
import io.cutover.core.deploy.Deployment;
import io.cutover.core.model.Instance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code status} of an {@code App} resource, from the store: phase, revision, routable and desired
 * instances, the latest deployment, the last failure, and whether the resource's spec was applied.
 */
final class AppStatus {

    private final Store store;

    AppStatus(Store store) {
        this.store = store;
    }

    /** The status of the app a resource names; {@code applied} is the outcome of its last spec, if any. */
    Map<String, Object> of(String name, AppResources.@Nullable Applied applied) {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<AppRecord> app = store.app(name);
        List<Deployment> deployments = app.isPresent() ? store.deployments(name, false) : List.of();
        if (app.isEmpty()) {
            out.put("phase", applied != null && !applied.ok() ? "Invalid" : "Pending");
        } else {
            AppRecord record = app.get();
            List<Instance> instances = store.instances(name);
            int routable = (int) instances.stream().filter(Instance::routable).count();
            int desired = record.spec().instances();
            Optional<Deployment> active = deployments.stream().filter(d -> d.status() == Deployment.Status.ACTIVE).findFirst();
            out.put("phase", record.deleting() ? "Deleting"
                    : applied != null && !applied.ok() ? "Invalid"
                    : active.isPresent() ? (active.get().reason() == Deployment.Reason.PAUSED ? "Paused" : "Deploying")
                    : routable >= desired ? "Running" : "Degraded");
            out.put("revision", record.revision());
            store.revision(name, record.revision()).ifPresent(r -> out.put("revisionHash", r.hash()));
            out.put("ready", routable + "/" + desired);
            out.put("routable", routable);
            out.put("desired", desired);
            if (!deployments.isEmpty()) {
                Deployment latest = deployments.getFirst();
                out.put("deployment", latest.id() + " " + latest.reason());
            }
            deployments.stream().filter(d -> d.reason() == Deployment.Reason.FAILED).findFirst()
                    .map(d -> d.failure() == null ? d.message() : d.failure())
                    .ifPresent(failure -> out.put("lastFailure", failure.strip().lines().findFirst().orElse("")));
        }
        if (applied != null) {
            out.put("observedGeneration", (int) applied.generation());
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", "Applied");
            condition.put("status", applied.ok() ? "True" : "False");
            condition.put("reason", applied.ok() ? "Applied" : "Refused");
            condition.put("message", applied.message());
            condition.put("lastTransitionTime", applied.at().toString());
            out.put("conditions", List.of(condition));
        }
        return out;
    }
}
