package io.cutover.controller.kubernetes;

import io.cutover.controller.testing.RunningServer;
import io.cutover.sandbox.SandboxCluster;
import io.cutover.sandbox.ApiCall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cutover.controller.runtime.RuntimeChoice;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fake cluster with its kubelet for a test class, started once; before each test the namespace is
 * emptied, since each test's server has a store of its own; after the class, every call the Kubernetes
 * runtime made must be one the install's Role ({@code deploy/kubernetes/rbac.yaml}) allows. Register it
 * as a static field, before the server's extension.
 */
public final class ClusterPerClass implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private SandboxCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = SandboxCluster.withKubelet(Files.createTempDirectory("cutover-kubelet-"), RunningServer.SIMPLESERVICE);
        try (var crd = Files.newInputStream(AppCrd.FILE)) {
            cluster.client().apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
    }

    /** Closes the cluster, after checking that the install's Role allows every call the runtime made. */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            InstallRole role = InstallRole.load();
            List<ApiCall> refused = cluster.runtimeCalls().stream().filter(call -> !role.allows(call)).sorted(
                    java.util.Comparator.comparing(ApiCall::toString)).toList();

            assertThat(cluster.runtimeCalls()).as("calls the runtime made").isNotEmpty();
            assertThat(refused).as("calls the runtime made that %s does not allow", InstallRole.RBAC).isEmpty();
        } finally {
            cluster.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        cluster.client().apps().replicaSets().delete();
        cluster.client().batch().v1().jobs().delete();
        cluster.client().pods().delete();
        cluster.client().secrets().delete();
        var appResources = cluster.client().genericKubernetesResources(AppResources.APPS);
        for (var app : appResources.list().getItems()) { // no server is left to release them
            appResources.withName(app.getMetadata().getName()).edit(r -> {
                r.getMetadata().setFinalizers(List.of());
                return r;
            });
        }
        appResources.delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.client().pods().list().getItems().isEmpty()
                && cluster.client().apps().replicaSets().list().getItems().isEmpty()
                && cluster.client().batch().v1().jobs().list().getItems().isEmpty() && appResources.list().getItems().isEmpty());
    }

    public SandboxCluster cluster() {
        return cluster;
    }

    /** The runtime a server on this cluster runs. */
    public RuntimeChoice runtime() {
        return new RuntimeChoice.Kubernetes(SandboxCluster.NAMESPACE, cluster.apiUrl());
    }
}
