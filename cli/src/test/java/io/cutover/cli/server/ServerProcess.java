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
import java.nio.file.Path;
import java.time.Duration;
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

    static ServerProcess start(Path dataDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-jar", JAR.toString(), "server", "--data-dir", dataDir.toString(),
                "--api-addr", "127.0.0.1:0", "--router-addr", "127.0.0.1:0")
                .redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Matcher> listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                throw new IllegalStateException("the server exited before it listened");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            Matcher m = listening.get(60, TimeUnit.SECONDS);
            ProcessOutput.drain(lines);
            return new ServerProcess(process, dataDir, m.group(1), Integer.parseInt(m.group(2).replaceAll(".*:", "")));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The admin token the server wrote to its data directory. */
    String adminToken() throws IOException {
        return java.nio.file.Files.readString(dataDir.resolve(io.cutover.controller.auth.AdminTokenFile.NAME)).strip();
    }

    /** An API call with the admin token; the response body. */
    String call(String method, String path, String yamlBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken());
        if (yamlBody != null) {
            request.header("Content-Type", "application/yaml");
        }
        request.method(method, yamlBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(yamlBody));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A GET with the admin token, its body as JSON. */
    JsonNode json(String path) throws Exception {
        return Manifests.json().readTree(call("GET", path, null));
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }
}
