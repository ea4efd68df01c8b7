package io.cutover.sandbox;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The Job controller's part the tests need, written for the tests: one pod per Job ({@code completions}
 * and {@code parallelism} 1, {@code backoffLimit} 0, as Cutover's hook Jobs are), named
 * {@code <job>-<suffix>}, owned by the Job and labelled {@code job-name} and
 * {@code batch.kubernetes.io/job-name}; the Job's status follows its pod ({@code Complete} when it
 * succeeded, {@code Failed} when it failed or ran past {@code activeDeadlineSeconds}, whose pod is then
 * deleted); the pods of a deleted Job are deleted (the garbage collector's part). One reconcile at a time,
 * on its own thread, after every change to a Job or a pod.
 */
final class SandboxJobs implements AutoCloseable {

    private final KubernetesClient client;
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fake-job-controller").factory());
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<Pod> pods;
    private io.fabric8.kubernetes.client.informers.ResourceEventHandler<Pod> podHandler;
    /** Jobs, by uid, whose pod was created. */
    private final Set<String> started = new HashSet<>();

    private SandboxJobs(KubernetesClient client) {
        this.client = client;
    }

    /** @param pods the cluster's informer of every pod, shared by its controllers */
    static SandboxJobs start(KubernetesClient client, SharedIndexInformer<Pod> pods) {
        SandboxJobs controller = new SandboxJobs(client);
        controller.jobs = client.batch().v1().jobs().inform(Controllers.onAnyChange(controller::schedule));
        controller.pods = pods;
        controller.podHandler = Controllers.onAnyChange(controller::schedule);
        pods.addEventHandler(controller.podHandler);
        return controller;
    }

    private void schedule() {
        if (!reconciler.isShutdown()) {
            reconciler.execute(this::reconcile);
        }
    }

    private void reconcile() {
        Map<String, Job> live = jobs.getStore().list().stream().collect(Collectors.toMap(j -> j.getMetadata().getUid(), j -> j));
        started.retainAll(live.keySet());
        Map<String, List<Pod>> owned = pods.getStore().list().stream().filter(pod -> !jobOf(pod).isEmpty())
                .collect(Collectors.groupingBy(SandboxJobs::jobOf));
        owned.forEach((owner, orphans) -> {
            if (!live.containsKey(owner)) {
                orphans.forEach(pod -> client.pods().withName(pod.getMetadata().getName()).delete());
            }
        });
        for (Job job : live.values()) {
            if (finished(job)) {
                continue;
            }
            String uid = job.getMetadata().getUid();
            List<Pod> mine = owned.getOrDefault(uid, List.of());
            if (mine.isEmpty() && started.add(uid)) {
                client.pods().resource(podOf(job)).create();
                Long deadline = job.getSpec().getActiveDeadlineSeconds();
                if (deadline != null) {
                    reconciler.schedule(() -> overDeadline(job.getMetadata().getName(), uid), deadline, TimeUnit.SECONDS);
                }
                continue;
            }
            for (Pod pod : mine) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if ("Succeeded".equals(phase)) {
                    finish(job.getMetadata().getName(), true, "Complete", null, null);
                } else if ("Failed".equals(phase)) {
                    finish(job.getMetadata().getName(), false, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
                }
            }
        }
    }

    private void overDeadline(String name, String uid) {
        Job job = jobs.getStore().list().stream().filter(j -> j.getMetadata().getUid().equals(uid)).findFirst().orElse(null);
        if (job == null || finished(job)) {
            return;
        }
        finish(name, false, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");
        pods.getStore().list().stream().filter(pod -> uid.equals(jobOf(pod)))
                .forEach(pod -> client.pods().withName(pod.getMetadata().getName()).delete());
    }

    private void finish(String name, boolean succeeded, String type, String reason, String message) {
        try {
            Job current = client.batch().v1().jobs().withName(name).get();
            if (current == null || finished(current)) {
                return;
            }
            String now = Instant.now().toString();
            current.setStatus(new JobStatusBuilder(current.getStatus())
                    .withSucceeded(succeeded ? 1 : 0).withFailed(succeeded ? 0 : 1).withActive(0)
                    .withCompletionTime(succeeded ? now : null)
                    .withConditions(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                            .withLastTransitionTime(now).withLastProbeTime(now).build())
                    .build());
            client.batch().v1().jobs().resource(current).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
            schedule(); // deleted meanwhile, or written meanwhile: look again
        }
    }

    private static boolean finished(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    private static String jobOf(Pod pod) {
        List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
        return owners == null ? "" : owners.stream().filter(o -> "Job".equals(o.getKind()))
                .map(OwnerReference::getUid).findFirst().orElse("");
    }

    private static Pod podOf(Job job) {
        ObjectMeta template = job.getSpec().getTemplate().getMetadata();
        Map<String, String> labels = new LinkedHashMap<>(template == null || template.getLabels() == null ? Map.of() : template.getLabels());
        labels.put("job-name", job.getMetadata().getName());
        labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
        labels.put("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
        return new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-" + Controllers.suffix())
                .withLabels(labels)
                .withAnnotations(template == null ? Map.of() : template.getAnnotations())
                .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
    }

    @Override
    public void close() {
        jobs.close();
        pods.removeEventHandler(podHandler);
        reconciler.shutdownNow();
    }
}
