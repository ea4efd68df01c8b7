package io.cutover.controller.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady traffic through the router for the length of a test: a few client threads sending requests one
 * after another, counting answers, failures and the versions that answered.
 */
public final class Traffic extends SteadyTraffic {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final LongAdder maintenance = new LongAdder();

    private Traffic(int routerPort, String host, String path, int clients) {
        URI uri = URI.create("http://127.0.0.1:" + routerPort + path);
        startClients("traffic", clients, i -> () -> loop(uri, host));
    }

    /** Starts {@code clients} threads sending GET {@code path} with {@code Host: host}. */
    public static Traffic start(RunningServer server, String host, String path, int clients) {
        return new Traffic(server.routerPort(), host, path, clients);
    }

    /** Starts {@code clients} threads sending GET {@code path} with {@code Host: host} to the router on {@code routerPort}. */
    public static Traffic start(int routerPort, String host, String path, int clients) {
        return new Traffic(routerPort, host, path, clients);
    }

    private void loop(URI uri, String host) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Host", host).timeout(Duration.ofSeconds(30)).GET().build();
        while (running()) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    answers.succeeded(response.body());
                } else if (response.statusCode() == 503 && response.headers().firstValue("X-Cutover-Maintenance").isPresent()) {
                    maintenance.increment(); // the router's maintenance answer: counted apart, not a failure
                } else {
                    answers.failed(response.statusCode() + " " + response.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                answers.failed(e.toString());
            }
        }
    }

    /** Answers that were a router's maintenance response (503 with {@code X-Cutover-Maintenance}). */
    public long maintenance() {
        return maintenance.sum();
    }
}
