package io.cutover.controller.health;

import io.cutover.core.manifest.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One check against one instance: HTTP, TCP, a command or gRPC's health service. Blocking; run it on a virtual thread. */
final class Probe {

    /** The outcome of one probe. {@code pass} is null when the answer counts neither way (ignored 1xx). */
    record Result(Boolean pass, int status, String detail) {}

    private final HttpClient http;
    private final GrpcHealthProbe grpc = new GrpcHealthProbe();

    Probe(HttpClient http) {
        this.http = http;
    }

    /** An instance is no longer checked: what was kept open to it closes. */
    void forget(String host, int port) {
        grpc.forget(host, port);
    }

    /** Closes every connection kept for checks. */
    void close() {
        grpc.close();
    }

    Result health(HealthCheck check, String host, int port) {
        return switch (check.protocol()) {
            case HTTP -> {
                Result r = http(host, port, check.path(), Duration.ofSeconds(check.timeoutSeconds()));
                boolean informational = r.status() >= 100 && r.status() < 200;
                yield informational && check.ignoreHttp1xx() ? new Result(null, r.status(), r.detail())
                        : new Result(r.status() >= 200 && r.status() < 400, r.status(), r.detail());
            }
            case TCP -> tcp(host, port, Duration.ofSeconds(check.timeoutSeconds()));
            case COMMAND -> command(check.command(), host, port, Duration.ofSeconds(check.timeoutSeconds()));
            case PROCESS -> new Result(true, 0, "running"); // an exit is the runtime's to report
            case GRPC -> grpc.check(host, port, check.service() == null ? "" : check.service(),
                    Duration.ofSeconds(check.timeoutSeconds()));
        };
    }

    /** GET {@code path}; {@code pass} is left to the caller, which knows which statuses count. */
    Result http(String host, int port, String path, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(timeout).GET().build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return new Result(null, response.statusCode(), "HTTP " + response.statusCode());
        } catch (java.net.http.HttpTimeoutException e) {
            return new Result(false, 0, "no answer within " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            return new Result(false, 0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, "interrupted");
        }
    }

    Result tcp(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return new Result(true, 0, "port " + port + " accepts connections");
        } catch (IOException e) {
            return new Result(false, 0, "port " + port + ": " + e.getMessage());
        }
    }

    private Result command(String command, String host, int port, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("HOST", host);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(false, 0, "command did not finish within " + timeout.toSeconds() + "s");
            }
            int code = process.exitValue();
            return new Result(code == 0, 0, "command exited with " + code);
        } catch (IOException e) {
            return new Result(false, 0, "command failed to start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, 0, "interrupted");
        }
    }
}
