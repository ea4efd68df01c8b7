package io.cutover.controller.kubernetes;

import io.cutover.sandbox.ApiCall;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The controller's Role as {@code deploy/kubernetes/rbac.yaml} installs it, asked whether it allows a call. */
final class InstallRole {

    static final Path RBAC = Path.of("..", "..", "deploy", "kubernetes", "rbac.yaml");

    private final List<PolicyRule> rules;

    private InstallRole(List<PolicyRule> rules) {
        this.rules = rules;
    }

    static InstallRole load() {
        try {
            String yaml = Files.readString(RBAC);
            for (String document : yaml.split("(?m)^---$")) {
                if (!document.contains("kind: Role\n")) {
                    continue;
                }
                try (InputStream in = new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8))) {
                    HasMetadata object = Serialization.unmarshal(in);
                    if (object instanceof Role role && role.getMetadata().getName().equals("cutover-controller")) {
                        return new InstallRole(role.getRules());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(RBAC + " has no Role cutover-controller");
    }

    /**
     * Whether a namespaced Role allows the call: discovery is every user's; a call outside a namespace
     * needs a ClusterRole, which Cutover does not ask for.
     */
    boolean allows(ApiCall call) {
        if (call.discovery()) {
            return true;
        }
        return call.namespace() != null && rules.stream().anyMatch(rule -> has(rule.getApiGroups(), call.group())
                && has(rule.getResources(), call.resource()) && has(rule.getVerbs(), call.verb()));
    }

    private static boolean has(List<String> granted, String wanted) {
        return granted != null && Stream.of(wanted, "*").anyMatch(granted::contains);
    }
}
