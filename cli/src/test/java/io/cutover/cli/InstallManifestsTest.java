package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.controller.ServerOptions;
import io.cutover.controller.runtime.RuntimeChoice;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The install manifests in {@code deploy/kubernetes}: every object parses as Kubernetes reads it, lives in
 * Cutover's namespace, and every container runs a {@code cutover} command line this binary accepts.
 */
class InstallManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    /** What Kubernetes puts into {@code $(NAME)} in a container's args: sample values. */
    private static final Map<String, String> FIELD_REFS = Map.of("POD_IP", "10.4.0.17", "POD_NAME", "cutover-router-7d9f8-abcde");

    @TempDir
    Path dir;

    private static List<HasMetadata> objects(String file) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        String yaml = Files.readString(DIR.resolve(file));
        for (String document : yaml.split("(?m)^---$")) {
            if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
                try (InputStream in = new java.io.ByteArrayInputStream(document.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                    out.add(Serialization.unmarshal(in));
                }
            }
        }
        return out;
    }

    private static List<HasMetadata> all() throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                out.addAll(objects(file.getFileName().toString()));
            }
        }
        return out;
    }

    private static String[] args(Container container) {
        return container.getArgs().stream().map(arg -> {
            String expanded = arg;
            for (Map.Entry<String, String> ref : FIELD_REFS.entrySet()) {
                expanded = expanded.replace("$(" + ref.getKey() + ")", ref.getValue());
            }
            return expanded;
        }).toArray(String[]::new);
    }

    private static Deployment deployment(String file, String name) throws IOException {
        return objects(file).stream().filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(name))
                .map(Deployment.class::cast).findFirst().orElseThrow();
    }

    @Test
    void everyObjectParsesAndLivesInCutoversNamespace() throws IOException {
        List<HasMetadata> objects = all();

        assertThat(objects).extracting(HasMetadata::getKind).contains("Namespace", "ServiceAccount", "Role", "RoleBinding",
                "PersistentVolumeClaim", "Deployment", "Service", "CustomResourceDefinition");
        assertThat(objects).filteredOn(o -> !(o instanceof Namespace) && !(o instanceof CustomResourceDefinition))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
                        .isEqualTo("cutover"));
        assertThat(objects).filteredOn(o -> o instanceof Deployment).flatExtracting(o -> ((Deployment) o).getSpec().getTemplate()
                .getSpec().getContainers()).allSatisfy(c -> assertThat(c.getImage()).isEqualTo("cutover:" + Main.VERSION));
    }

    @Test
    void theControllersCommandLinesAreOnesTheServerAccepts() throws IOException {
        Path password = Files.writeString(dir.resolve("password"), "s3cret");
        for (String file : List.of("controller.yaml", "controller-ha.yaml")) {
            Container container = deployment(file, "cutover-controller").getSpec().getTemplate().getSpec().getContainers().getFirst();
            String[] args = args(container);
            assertThat(args[0]).isEqualTo("server");
            ServerCommand server = new ServerCommand();
            new CommandLine(server).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
            if (server.storePasswordFile != null) {
                server.storePasswordFile = password;
            }

            ServerOptions options = server.options(Map.of());

            assertThat(options.runtime()).as(file).isEqualTo(new RuntimeChoice.Kubernetes("cutover", null));
            assertThat(options.apiPort()).isEqualTo(container.getPorts().getFirst().getContainerPort());
            assertThat(options.routerEnabled()).as("routers run as their own Deployment").isFalse();
        }
    }

    @Test
    void theRoutersCommandLineIsOneTheRouterAcceptsAndTheyGetNoKubernetesToken() throws IOException {
        Deployment routers = deployment("routers.yaml", "cutover-router");
        Container container = routers.getSpec().getTemplate().getSpec().getContainers().getFirst();

        CommandLine.ParseResult parsed = Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter())).parseArgs(args(container));

        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("router");
        assertThat(parsed.subcommand().matchedOptionValue("--id", "")).isEqualTo("cutover-router-7d9f8-abcde");
        assertThat(routers.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        ServiceAccount account = (ServiceAccount) objects("rbac.yaml").stream()
                .filter(o -> o.getMetadata().getName().equals(routers.getSpec().getTemplate().getSpec().getServiceAccountName()))
                .findFirst().orElseThrow();
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void theControllersServiceAccountIsBoundToTheRole() throws IOException {
        String account = deployment("controller.yaml", "cutover-controller").getSpec().getTemplate().getSpec().getServiceAccountName();

        RoleBinding binding = (RoleBinding) objects("rbac.yaml").stream().filter(o -> o instanceof RoleBinding).findFirst().orElseThrow();

        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo(account));
        assertThat(binding.getRoleRef().getName()).isEqualTo("cutover-controller");
    }
}
