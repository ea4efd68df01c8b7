package io.cutover.controller.kubernetes;

import io.cutover.core.manifest.AppSpec;
import io.cutover.core.manifest.PodSettings;
import io.cutover.core.manifest.Resources;
import io.cutover.core.manifest.RunSpec;
import io.cutover.core.manifest.RuntimeFit;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What Cutover asks Kubernetes for, made from an app's manifest: one ReplicaSet per revision, named
 * {@code <app>-<revision hash>}, whose pod template runs the manifest's image. Pure: nothing here talks to
 * a cluster.
 *
 * <p>Labels on the ReplicaSet and its pods: {@code app.kubernetes.io/name} and {@code cutover.io/app} (the
 * app), {@code cutover.io/revision} (its number), {@code cutover.io/revision-hash}, and
 * {@code app.kubernetes.io/managed-by: cutover}; the selector is the app and the revision hash. The
 * container is named {@code app}; it gets the manifest's environment, {@code PORT} (the container port),
 * and {@code CUTOVER_POD_NAME}; its grace period is the manifest's {@code killGracePeriodSeconds}.
 *
 * <p>Beside it runs {@code cutover-identity}: a static file server ({@code busybox httpd} by default) that
 * answers {@code GET /uid} on {@link #IDENTITY_PORT} with the pod's uid, from a downward-API volume.
 * Routers ask it on each new connection to the pod, so a route that outlived its pod never reaches the
 * next pod given the same IP ({@link io.cutover.core.model.InstanceIdentity}).
 */
public final class PodTemplates {

    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String APP_LABEL = "cutover.io/app";
    public static final String REVISION_LABEL = "cutover.io/revision";
    public static final String HASH_LABEL = "cutover.io/revision-hash";
    /** On a pod: the Cutover instance it is. */
    public static final String INSTANCE_ANNOTATION = "cutover.io/instance";
    /** The container's name in every pod. */
    public static final String CONTAINER = "app";
    /** The identity container's name in every pod. */
    public static final String IDENTITY_CONTAINER = "cutover-identity";
    /** Where the identity container answers; a manifest's {@code run.port} may not take it. */
    public static final int IDENTITY_PORT = RuntimeFit.IDENTITY_PORT;
    /** The identity container's image unless the server is told another ({@code --identity-image}). */
    public static final String DEFAULT_IDENTITY_IMAGE = "busybox:1.37";
    static final String IDENTITY_VOLUME = "cutover-identity";
    private static final String IDENTITY_DIR = "/cutover/identity";

    private PodTemplates() {}

    /** The ReplicaSet of an app's revision. */
    public static String replicaSetName(String app, String revisionHash) {
        return app + "-" + revisionHash;
    }

    /**
     * The ReplicaSet of one revision, with no replicas: Cutover adds pods one at a time.
     *
     * @param identityImage the image of the identity container: one whose {@code httpd -f -p PORT -h DIR}
     *     serves DIR's files (busybox's)
     * @throws IllegalArgumentException if the spec has no image (the manifest check refuses that first)
     */
    public static ReplicaSet replicaSet(AppSpec spec, int revision, String revisionHash, String identityImage) {
        return replicaSet(spec, revision, revisionHash, identityImage, Set.of());
    }

    /**
     * The ReplicaSet of one revision whose environment variables named in {@code secret} come from the
     * revision's Secret ({@link #secret}), by reference: the pod spec holds no secret value.
     */
    public static ReplicaSet replicaSet(AppSpec spec, int revision, String revisionHash, String identityImage, Set<String> secret) {
        RunSpec run = spec.run();
        if (run.image() == null) {
            throw new IllegalArgumentException("run.image: required on Kubernetes (app " + spec.name() + ")");
        }
        Map<String, String> selector = Map.of(APP_LABEL, spec.name(), HASH_LABEL, revisionHash);
        Map<String, String> labels = new LinkedHashMap<>();
        PodSettings pod = spec.kubernetes();
        if (pod != null) {
            labels.putAll(pod.labels());
        }
        labels.put(NAME_LABEL, spec.name());
        labels.put(MANAGED_BY_LABEL, "cutover");
        labels.put(APP_LABEL, spec.name());
        labels.put(REVISION_LABEL, Integer.toString(revision));
        labels.put(HASH_LABEL, revisionHash);
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(replicaSetName(spec.name(), revisionHash)).withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(pod == null ? Map.of() : pod.annotations()).endMetadata()
                .withSpec(podSpec(spec, identityImage, replicaSetName(spec.name(), revisionHash), secret))
                .endTemplate()
                .endSpec()
                .build();
    }

    private static PodSpec podSpec(AppSpec spec, String identityImage, String secretName, Set<String> secret) {
        PodSpecBuilder pod = new PodSpecBuilder()
                .withContainers(container(spec, secretName, secret), identityContainer(identityImage))
                .addNewVolume().withName(IDENTITY_VOLUME).withNewDownwardAPI()
                .addNewItem().withPath("uid").withNewFieldRef().withFieldPath("metadata.uid").endFieldRef().endItem()
                .endDownwardAPI().endVolume()
                .withRestartPolicy("Always")
                .withTerminationGracePeriodSeconds((long) spec.killGracePeriodSeconds());
        PodSettings settings = spec.kubernetes();
        if (settings != null) {
            pod.withServiceAccountName(settings.serviceAccountName())
                    .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                    .withTolerations(tolerations(settings.tolerations()))
                    .withImagePullSecrets(settings.imagePullSecrets().stream().map(LocalObjectReference::new).toList());
        }
        return pod.build();
    }

    private static Container container(AppSpec spec, String secretName, Set<String> secret) {
        RunSpec run = spec.run();
        int port = port(run);
        List<EnvVar> env = new ArrayList<>();
        run.env().forEach((name, value) -> env.add(secret.contains(name)
                ? new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef().withName(secretName).withKey(name)
                        .endSecretKeyRef().endValueFrom().build()
                : new EnvVar(name, value, null)));
        env.add(new EnvVar("PORT", Integer.toString(port), null));
        env.add(new EnvVarBuilder().withName("CUTOVER_POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(run.image())
                .withEnv(env)
                .addNewPort().withName("http").withContainerPort(port).withProtocol("TCP").endPort()
                .withWorkingDir(run.workingDir());
        if (!run.command().isBlank()) {
            container.withCommand("/bin/sh", "-c", run.command());
        }
        if (!run.args().isEmpty()) {
            container.withArgs(run.args());
        }
        if (spec.resources() != null) {
            container.withResources(resources(spec.resources()));
        }
        return container.build();
    }

    /**
     * The Secret that holds a revision's secret values, named as its ReplicaSet and owned by it (deleted
     * with it), readable only by what may read Secrets in the namespace.
     */
    public static Secret secret(ReplicaSet owner, Map<String, String> values) {
        return new SecretBuilder()
                .withNewMetadata().withName(owner.getMetadata().getName()).withLabels(owner.getMetadata().getLabels())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid()).withController(false).withBlockOwnerDeletion(false).endOwnerReference()
                .endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withStringData(new java.util.TreeMap<>(values))
                .build();
    }

    /**
     * The identity container: it serves the pod's uid and nothing else, as nobody, read-only, with no
     * capabilities, on a few MiB.
     */
    private static Container identityContainer(String image) {
        return new ContainerBuilder()
                .withName(IDENTITY_CONTAINER)
                .withImage(image)
                .withCommand("httpd", "-f", "-p", Integer.toString(IDENTITY_PORT), "-h", IDENTITY_DIR)
                .addNewPort().withName("identity").withContainerPort(IDENTITY_PORT).withProtocol("TCP").endPort()
                .addNewVolumeMount().withName(IDENTITY_VOLUME).withMountPath(IDENTITY_DIR).withReadOnly(true).endVolumeMount()
                .withResources(new ResourceRequirementsBuilder()
                        .withRequests(Map.of("cpu", new Quantity("5m"), "memory", new Quantity("8Mi")))
                        .withLimits(Map.of("memory", new Quantity("16Mi")))
                        .build())
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(65534L).withReadOnlyRootFilesystem(true).withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
    }

    /** The port an instance's container listens on. */
    public static int port(RunSpec run) {
        return run.port() == null ? RunSpec.DEFAULT_CONTAINER_PORT : run.port();
    }

    private static ResourceRequirements resources(Resources resources) {
        return new ResourceRequirementsBuilder()
                .withRequests(quantities(resources.requests()))
                .withLimits(quantities(resources.limits()))
                .build();
    }

    private static @Nullable Map<String, Quantity> quantities(Resources.@Nullable Quantities quantities) {
        if (quantities == null) {
            return null;
        }
        Map<String, Quantity> out = new LinkedHashMap<>();
        if (quantities.cpu() != null) {
            out.put("cpu", new Quantity(quantities.cpu()));
        }
        if (quantities.memory() != null) {
            out.put("memory", new Quantity(quantities.memory()));
        }
        return out.isEmpty() ? null : out;
    }

    private static List<Toleration> tolerations(List<PodSettings.Toleration> tolerations) {
        return tolerations.stream().map(t -> new TolerationBuilder().withKey(t.key()).withOperator(t.operator())
                .withValue(t.value()).withEffect(t.effect()).withTolerationSeconds(t.tolerationSeconds()).build()).toList();
    }
}
