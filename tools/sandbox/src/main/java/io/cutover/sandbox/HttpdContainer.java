package io.cutover.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the test kubelet runs a container whose command is {@code httpd -f -p PORT -h DIR} (busybox's, as
 * Cutover's identity container is): the files of the pod's downward-API volumes mounted under DIR, served
 * at the pod's IP and PORT, {@code GET /<file>} answered with its content, anything else 404.
 */
final class HttpdContainer implements AutoCloseable {

    private final Container container;
    private final HttpServer server;
    private final Instant started = Instant.now();

    private HttpdContainer(Container container, HttpServer server) {
        this.container = container;
        this.server = server;
    }

    /** Whether the kubelet runs this container as an httpd. */
    static boolean runs(Container container) {
        List<String> command = container.getCommand();
        return command != null && !command.isEmpty() && "httpd".equals(command.getFirst());
    }

    /** Serves the container's files at {@code ip}. */
    static HttpdContainer start(Pod pod, Container container, String ip) throws IOException {
        List<String> command = container.getCommand();
        int port = Integer.parseInt(command.get(command.indexOf("-p") + 1));
        String root = command.get(command.indexOf("-h") + 1);
        Map<String, String> files = files(pod, container, root);
        HttpServer server = HttpServer.create(new InetSocketAddress(ip, port), 16);
        server.createContext("/", exchange -> {
            String content = files.get(exchange.getRequestURI().getPath());
            byte[] body = (content == null ? "404 Not Found" : content).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(content == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new HttpdContainer(container, server);
    }

    /** An app container answering every request with {@code body}, at {@code ip:port}. */
    static HttpdContainer answering(Container container, String ip, int port, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(ip, port), 64);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return new HttpdContainer(container, server);
    }

    /** The files under {@code root} by their path as a URL asks for them: what the downward API writes there. */
    private static Map<String, String> files(Pod pod, Container container, String root) {
        Map<String, String> files = new HashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            if (!mount.getMountPath().startsWith(root)) {
                continue;
            }
            String under = mount.getMountPath().substring(root.length());
            for (Volume volume : pod.getSpec().getVolumes()) {
                if (volume.getName().equals(mount.getName()) && volume.getDownwardAPI() != null) {
                    for (DownwardAPIVolumeFile item : volume.getDownwardAPI().getItems()) {
                        files.put(under + "/" + item.getPath(), field(pod, item.getFieldRef().getFieldPath()));
                    }
                }
            }
        }
        return files;
    }

    private static String field(Pod pod, String path) {
        return switch (path) {
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            default -> throw new IllegalArgumentException("downward API field " + path + " (the test kubelet knows uid, name, namespace)");
        };
    }

    /** Its status: running since it started, ready. */
    ContainerStatus status() {
        return new ContainerStatusBuilder().withName(container.getName()).withReady(true).withStarted(true).withRestartCount(0)
                .withImage(container.getImage())
                .withState(new ContainerStateBuilder().withNewRunning().withStartedAt(started.toString()).endRunning().build()).build();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
