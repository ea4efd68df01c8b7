package io.cutover.controller.testing;

import io.cutover.router.testing.H2Client;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Steady HTTP/2 traffic through a router's plain listener (h2c with prior knowledge): a few client
 * threads, each with a connection of its own, sending one request after another as streams of that
 * connection; counting answers, failed streams (any other status, a reset, a closed connection) and the
 * versions that answered.
 */
public final class H2Traffic extends SteadyTraffic {

    private H2Traffic(InetSocketAddress router, String host, String path, int clients) {
        startClients("h2-traffic", clients, i -> () -> loop(router, host, path));
    }

    /** Starts {@code clients} connections sending GET {@code path} for {@code host} to the server's router. */
    public static H2Traffic start(RunningServer server, String host, String path, int clients) {
        return new H2Traffic(new InetSocketAddress("127.0.0.1", server.routerPort()), host, path, clients);
    }

    private void loop(InetSocketAddress router, String host, String path) {
        try (H2Client client = H2Client.h2c(router)) {
            while (running()) {
                H2Client.Response response = client.request(H2Client.get(host, path), null).get(30, TimeUnit.SECONDS);
                if (response.status() == 200) {
                    answers.succeeded(response.bodyText());
                } else {
                    answers.failed(response.status() + " " + response.reset() + " " + response.bodyText());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            answers.failed(e.toString()); // the connection broke: every stream after it would fail too
        }
    }
}
