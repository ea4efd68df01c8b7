package io.cutover.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.manifest.Manifests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code cutover server} as a separate OS process (the built jar), so a test can SIGKILL it. */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path JAR = Path.of("target/cutover.jar").toAbsolutePath();
    private static final Pattern LISTENING = Pattern.compile("API on (http://[^,]+), router on (http://[^,]+), data in");

    private final Process process;
    private final Path dataDir;
    final String apiUrl;
    final int routerPort;

    private ServerProcess(Process process, Path dataDir, String apiUrl, int routerPort) {
        this.process = process;
        this.dataDir = dataDir;
        this.apiUrl = apiUrl;
        this.routerPort = routerPort;
    }

    static ServerProcess start(Path dataDir, String... options) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString(), "server", "--data-dir",
                dataDir.toString(), "--api-addr", "127.0.0.1:0", "--router-addr", "127.0.0.1:0"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Matcher> listening = CompletableFuture.supplyAsync(() -> {
            List<String> said = new ArrayList<>();
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                    said.add(line);
                }
                throw new IllegalStateException("the server exited before it listened: " + String.join("\n", said));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Matcher m = listening.get(60, TimeUnit.SECONDS);
            Files.createDirectories(dataDir);
            ProcessOutput.drainTo(lines, dataDir.resolve("server.log"));
            return new ServerProcess(process, dataDir, m.group(1), Integer.parseInt(m.group(2).replaceAll(".*:", "")));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The admin token the server wrote to its data directory. */
    String adminToken() throws IOException {
        return Files.readString(dataDir.resolve(io.cutover.controller.auth.AdminTokenFile.NAME)).strip();
    }

    /** An API call with the admin token; the response body. */
    String call(String method, String path, String yamlBody) throws Exception {
        return send(method, path, yamlBody).body();
    }

    /** An API call with the admin token (redirects not followed). */
    HttpResponse<String> send(String method, String path, String yamlBody) throws Exception {
        return send(method, path, yamlBody, Duration.ofSeconds(30));
    }

    /** An API call with the admin token that fails after {@code timeout} (a frozen server accepts, never answers). */
    HttpResponse<String> send(String method, String path, String yamlBody, Duration timeout) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(timeout)
                .header("Authorization", "Bearer " + adminToken());
        if (yamlBody != null) {
            request.header("Content-Type", "application/yaml");
        }
        request.method(method, yamlBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yamlBody));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with the admin token, its body as JSON. */
    JsonNode json(String path) throws Exception {
        return Manifests.json().readTree(call("GET", path, null));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGSTOP: the process freezes (as in a long GC pause), its sockets stay open. */
    void freeze() throws Exception {
        ProcessOutput.signal(process.pid(), "STOP");
    }

    /** SIGCONT. */
    void thaw() throws Exception {
        ProcessOutput.signal(process.pid(), "CONT");
    }

    /** SIGKILL: no shutdown hook runs. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (!process.isAlive()) {
            return;
        }
        thaw(); // a frozen process cannot handle SIGTERM
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }
}
