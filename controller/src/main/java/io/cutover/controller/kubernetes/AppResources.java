package io.cutover.controller.kubernetes;

import io.cutover.controller.engine.AppChanges;
import io.cutover.controller.engine.ConflictException;
import io.cutover.controller.events.EventLog;
import io.cutover.controller.store.Store;
import io.cutover.core.manifest.InvalidManifestException;
import io.cutover.core.manifest.Manifests;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code App} resources ({@code apps.cutover.io}, {@code deploy/kubernetes/crd-app.yaml}) in the runtime's
 * namespace, each an app: its {@code spec} with {@code metadata.name} as the name is applied as a manifest
 * whenever it changes, and the app's state goes back into the resource's {@code status}. Each resource
 * gets the finalizer {@code cutover.io/app}: deleting it deletes the app the way Cutover does (drained,
 * then stopped), and the finalizer goes once the app is gone. Only the leader acts; every controller
 * watches.
 *
 * <p>One thread does all of it, woken by a change to a resource, by a new event of the store, or every
 * few seconds; it applies a spec only when it differs from the last one it applied, so writing a status
 * (which changes the resource too) never applies anything.
 */
public final class AppResources implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppResources.class);
    /** The resource, as the client addresses it without discovery. */
    public static final ResourceDefinitionContext APPS = new ResourceDefinitionContext.Builder().withGroup("cutover.io")
            .withVersion("v1").withKind("App").withPlural("apps").withNamespaced(true).build();
    private static final Duration RECHECK = Duration.ofSeconds(5);
    /** Keeps a deleted App resource until its app is drained and gone. */
    static final String FINALIZER = "cutover.io/app";

    private final KubernetesClient client;
    private final Store store;
    private final EventLog events;
    private final AppChanges apps;
    private final BooleanSupplier leading;
    private final Clock clock;
    private final AppStatus status;
    private final Semaphore wake = new Semaphore(0);
    /** Per resource: the spec last applied (as JSON) and its outcome. Loop thread only. */
    private final Map<String, Applied> applied = new HashMap<>();
    private final Map<String, Boolean> deleted = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private @Nullable SharedIndexInformer<GenericKubernetesResource> informer;
    private @Nullable Thread loop;
    private @Nullable Thread eventWatch;

    /** What applying one generation of a resource's spec came to, and when. */
    record Applied(String spec, long generation, boolean ok, String message, java.time.Instant at) {}

    public AppResources(KubernetesClient client, Store store, EventLog events, AppChanges apps, BooleanSupplier leading, Clock clock) {
        this.client = client;
        this.store = store;
        this.events = events;
        this.apps = apps;
        this.leading = leading;
        this.clock = clock;
        this.status = new AppStatus(store);
    }

    /**
     * Starts watching; without the CRD in the cluster, says so once (at INFO) and stays off (the runtime
     * works without it).
     *
     * @return whether App resources are watched
     */
    public boolean start() {
        try {
            informer = client.genericKubernetesResources(APPS).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(GenericKubernetesResource resource) {
                    wake.release();
                }

                @Override
                public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                    wake.release();
                }

                @Override
                public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
                    deleted.put(resource.getMetadata().getName(), Boolean.TRUE);
                    wake.release();
                }
            });
        } catch (KubernetesClientException e) {
            // a cluster without the CRD is a setup of its own: the API drives the apps
            log.info("App resources are off: cannot watch apps.cutover.io in this namespace ({}); install "
                    + "deploy/kubernetes/crd-app.yaml to drive apps with kubectl", e.getMessage());
            return false;
        }
        loop = Thread.ofVirtual().name("cutover-app-resources").start(this::run);
        eventWatch = Thread.ofVirtual().name("cutover-app-resources-events").start(this::watchEvents);
        return true;
    }

    private void watchEvents() {
        long last = events.lastId();
        while (!closed) {
            try {
                if (events.await(last, RECHECK)) {
                    last = events.lastId();
                    wake.release();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                wake.tryAcquire(RECHECK.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (leading.getAsBoolean()) {
                    reconcile();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("App resources: {}", e.toString());
            }
        }
    }

    /** Applies what changed, deletes what went, writes every resource's status. */
    private void reconcile() {
        for (String name : List.copyOf(deleted.keySet())) {
            deleted.remove(name);
            boolean back = informer.getStore().list().stream().anyMatch(r -> r.getMetadata().getName().equals(name));
            if (!back && store.app(name).isPresent()) {
                log.info("App resource {} deleted: deleting the app", name);
                apps.delete(name);
                applied.remove(name);
            }
        }
        for (GenericKubernetesResource resource : informer.getStore().list()) {
            String name = resource.getMetadata().getName();
            if (resource.getMetadata().getDeletionTimestamp() != null) {
                deleteThenRelease(resource);
                continue;
            }
            if (!resource.getMetadata().getFinalizers().contains(FINALIZER)) {
                editFinalizers(name, finalizers -> finalizers.add(FINALIZER));
            }
            Applied outcome = applyIfChanged(resource);
            writeStatus(name, status.of(name, outcome));
        }
    }

    /**
     * A resource being deleted: its app is deleted the way Cutover deletes (drained through every router,
     * then stopped); the finalizer goes once the app is gone, and Kubernetes removes the resource.
     */
    private void deleteThenRelease(GenericKubernetesResource resource) {
        String name = resource.getMetadata().getName();
        var app = store.app(name);
        if (app.isPresent()) {
            if (!app.get().deleting()) {
                log.info("App resource {} is being deleted: deleting the app", name);
                apps.delete(name);
            }
            writeStatus(name, status.of(name, applied.get(name)));
            return;
        }
        applied.remove(name);
        if (resource.getMetadata().getFinalizers().contains(FINALIZER)) {
            editFinalizers(name, finalizers -> finalizers.remove(FINALIZER));
        }
    }

    private void editFinalizers(String name, java.util.function.Consumer<List<String>> change) {
        client.genericKubernetesResources(APPS).withName(name).edit(r -> {
            List<String> finalizers = new java.util.ArrayList<>(r.getMetadata().getFinalizers());
            change.accept(finalizers);
            r.getMetadata().setFinalizers(finalizers);
            return r;
        });
    }

    private Applied applyIfChanged(GenericKubernetesResource resource) {
        String name = resource.getMetadata().getName();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", name);
        Object spec = resource.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> manifest.put(String.valueOf(k), v));
        }
        String json = Manifests.toJson(manifest);
        long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
        Applied last = applied.get(name);
        if (last != null && last.spec().equals(json)) {
            return last;
        }
        Applied outcome;
        try {
            AppChanges.Applied done = apps.apply(Manifests.parse(json));
            outcome = new Applied(json, generation, true, done.revisionCreated()
                    ? "revision " + done.app().revision() + " applied" : "applied, no new revision", clock.instant());
            log.info("App resource {} (generation {}): {}", name, generation, outcome.message());
        } catch (InvalidManifestException | ConflictException e) {
            outcome = new Applied(json, generation, false, e.getMessage(), clock.instant());
            log.warn("App resource {} (generation {}) not applied: {}", name, generation, e.getMessage());
        }
        applied.put(name, outcome);
        return outcome;
    }

    /** Replaces the resource's status when it differs; a concurrent write makes it read the resource again. */
    private void writeStatus(String name, Map<String, Object> next) {
        for (int attempt = 0; attempt < 3; attempt++) {
            GenericKubernetesResource current = client.genericKubernetesResources(APPS).withName(name).get();
            if (current == null || Objects.equals(current.getAdditionalProperties().get("status"), next)) {
                return;
            }
            current.getAdditionalProperties().put("status", next);
            try {
                client.genericKubernetesResources(APPS).resource(current).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (loop != null) {
            loop.interrupt();
        }
        if (eventWatch != null) {
            eventWatch.interrupt();
        }
        if (informer != null) {
            informer.close();
        }
    }
}
