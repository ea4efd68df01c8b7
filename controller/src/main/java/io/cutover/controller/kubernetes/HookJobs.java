package io.cutover.controller.kubernetes;

import io.cutover.controller.runtime.InstanceRuntime.HookCommand;
import io.cutover.controller.runtime.InstanceRuntime.HookResult;
import io.cutover.core.model.Revision;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A hook's command as a Kubernetes Job (docs/kubernetes.md, "Hand-off hooks"): one pod made from the
 * revision's ReplicaSet template, so it runs with what the revision's pods run with (image, environment,
 * Secret references, service account, node selection, resources), but only the app container, with the
 * command in place of the image's, never restarted, and without the pod's port or identity container. The
 * Job is owned by the ReplicaSet (it goes with the app), waited for through a watch, its pod's log is the
 * output, and it is deleted with its pod once read, or when it runs over its timeout.
 */
final class HookJobs {

    /** On a hook Job and its pod: the Job's name (how its pod is found). */
    static final String HOOK_JOB_LABEL = "cutover.io/hook-job";
    /** Kubernetes deletes a finished hook Job after this long if the controller could not. */
    private static final int TTL_AFTER_FINISHED_SECONDS = 3600;

    private final KubernetesClient client;

    HookJobs(KubernetesClient client) {
        this.client = client;
    }

    HookResult run(HookCommand hook) {
        Revision revision = hook.revision();
        String rsName = PodTemplates.replicaSetName(revision.app(), revision.hash());
        ReplicaSet rs = client.apps().replicaSets().withName(rsName).get();
        if (rs == null) {
            return HookResult.failed("no ReplicaSet " + rsName + " of revision " + revision.number() + " to run the hook from");
        }
        String name = name(rsName);
        try {
            client.batch().v1().jobs().resource(job(rs, name, hook)).create();
        } catch (KubernetesClientException e) {
            return HookResult.failed("could not create Job " + name + ": " + e.getMessage());
        }
        try {
            Job done;
            try {
                done = client.batch().v1().jobs().withName(name)
                        .waitUntilCondition(job -> job == null || finished(job), hook.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (KubernetesClientTimeoutException e) {
                return HookResult.timedOut(hook.timeout(), "Job " + name + ": " + log(name));
            }
            if (done == null) {
                return HookResult.failed("Job " + name + " was deleted before it finished");
            }
            String output = log(name);
            if (condition(done, "Complete")) {
                return HookResult.ok(output.strip());
            }
            Integer code = exitCode(name);
            JobCondition failed = conditionOf(done, "Failed");
            return HookResult.failed("Job " + name + (code != null ? " exited with " + code
                    : failed != null ? " failed: " + failed.getReason() + " " + failed.getMessage() : " failed") + ": " + output);
        } catch (KubernetesClientException e) {
            return HookResult.failed("Job " + name + ": " + e.getMessage());
        } finally {
            try {
                client.batch().v1().jobs().withName(name).withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                        .delete();
            } catch (KubernetesClientException e) {
                // its ttlSecondsAfterFinished (or its ReplicaSet's deletion) removes it
            }
        }
    }

    /**
     * The Job that runs {@code hook} as the ReplicaSet's pods would run (pure).
     *
     * @param name the Job's name
     */
    static Job job(ReplicaSet rs, String name, HookCommand hook) {
        PodTemplateSpec template = rs.getSpec().getTemplate();
        Container app = template.getSpec().getContainers().stream().filter(c -> PodTemplates.CONTAINER.equals(c.getName()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("ReplicaSet " + rs.getMetadata().getName()
                        + " has no container " + PodTemplates.CONTAINER));
        List<EnvVar> env = new ArrayList<>();
        if (app.getEnv() != null) {
            app.getEnv().stream().filter(var -> !hook.env().containsKey(var.getName())).forEach(env::add);
        }
        new java.util.TreeMap<>(hook.env()).forEach((key, value) -> env.add(new EnvVar(key, value, null)));
        Container container = new ContainerBuilder(app)
                .withCommand("/bin/sh", "-c", hook.command())
                .withArgs(List.of())
                .withPorts(List.of())
                .withReadinessProbe(null).withLivenessProbe(null).withStartupProbe(null)
                .withEnv(env)
                .build();
        PodSpec spec = new PodSpecBuilder(template.getSpec())
                .withContainers(container)
                .withVolumes(template.getSpec().getVolumes() == null ? List.of() : template.getSpec().getVolumes().stream()
                        .filter(v -> !PodTemplates.IDENTITY_VOLUME.equals(v.getName())).toList())
                .withRestartPolicy("Never")
                .build();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        // not the ReplicaSet's selector: the hook's pod is the Job's, never counted as one of the revision's
        labels.remove(PodTemplates.APP_LABEL);
        labels.remove(PodTemplates.HASH_LABEL);
        labels.put(HOOK_JOB_LABEL, name);
        return new JobBuilder()
                .withNewMetadata().withName(name).withLabels(labels)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(rs.getMetadata().getName())
                .withUid(rs.getMetadata().getUid()).withController(false).withBlockOwnerDeletion(false).endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(Math.max(1, hook.timeout().toSeconds()))
                .withTtlSecondsAfterFinished(TTL_AFTER_FINISHED_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(template.getMetadata().getAnnotations()).endMetadata()
                .withSpec(spec)
                .endTemplate()
                .endSpec()
                .build();
    }

    /** {@code <replicaset>-hook-<5 characters>}, at most 63 characters (it is a label value too). */
    static String name(String replicaSet) {
        StringBuilder out = new StringBuilder(replicaSet.length() > 52 ? replicaSet.substring(0, 52) : replicaSet).append("-hook-");
        for (int i = 0; i < 5; i++) {
            out.append("bcdfghjklmnpqrstvwxz2456789".charAt(ThreadLocalRandom.current().nextInt(27)));
        }
        return out.toString();
    }

    private static boolean finished(Job job) {
        return condition(job, "Complete") || condition(job, "Failed");
    }

    private static boolean condition(Job job, String type) {
        JobCondition found = conditionOf(job, type);
        return found != null && "True".equals(found.getStatus());
    }

    private static @Nullable JobCondition conditionOf(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return null;
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private @Nullable Pod pod(String job) {
        List<Pod> pods = client.pods().withLabel(HOOK_JOB_LABEL, job).list().getItems();
        return pods.isEmpty() ? null : pods.getFirst();
    }

    /** The hook pod's log (stdout and stderr, as Kubernetes keeps them), or what says why there is none. */
    private String log(String job) {
        Pod pod = pod(job);
        if (pod == null) {
            return "(no pod)";
        }
        try {
            String text = client.pods().withName(pod.getMetadata().getName()).inContainer(PodTemplates.CONTAINER).getLog();
            return text == null ? "" : text;
        } catch (KubernetesClientException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private @Nullable Integer exitCode(String job) {
        Pod pod = pod(job);
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            if (status.getState() != null && status.getState().getTerminated() != null) {
                return status.getState().getTerminated().getExitCode();
            }
        }
        return null;
    }
}
