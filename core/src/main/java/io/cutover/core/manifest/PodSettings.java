package io.cutover.core.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Pod fields the Kubernetes runtime passes through to every pod of the app (the manifest's
 * {@code kubernetes:}), for what a cluster asks of its pods that Cutover itself has no opinion on.
 *
 * @param serviceAccountName the pods' service account; null for the namespace's default
 * @param nodeSelector node labels a pod's node must have
 * @param tolerations taints the pods tolerate
 * @param imagePullSecrets names of the Secrets that hold registry credentials
 * @param labels extra pod labels (Cutover's own, {@code cutover.io/*} and {@code app.kubernetes.io/name},
 *     cannot be set here)
 * @param annotations extra pod annotations
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodSettings(@Nullable String serviceAccountName, Map<String, String> nodeSelector, List<Toleration> tolerations,
        List<String> imagePullSecrets, Map<String, String> labels, Map<String, String> annotations) {

    public PodSettings {
        nodeSelector = sorted(nodeSelector);
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
        labels = sorted(labels);
        annotations = sorted(annotations);
    }

    private static Map<String, String> sorted(@Nullable Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /**
     * A taint the pods tolerate, as Kubernetes writes one.
     *
     * @param key the taint's key; null with {@code Exists} matches every taint
     * @param operator {@code Equal} (default) or {@code Exists}
     * @param value the taint's value, with {@code Equal}
     * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}; null matches all
     * @param tolerationSeconds with {@code NoExecute}: how long a pod stays on a node after the taint appears
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Toleration(@Nullable String key, @Nullable String operator, @Nullable String value, @Nullable String effect,
            @Nullable Long tolerationSeconds) {}
}
