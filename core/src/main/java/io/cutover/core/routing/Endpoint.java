package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

/**
 * One instance's address as the router sees it.
 *
 * @param instanceId the instance's id, unique across apps; the router keys its counters by it
 * @param host the address to connect to
 * @param port the port to connect to
 */
public record Endpoint(String instanceId, String host, int port) {

    public Endpoint {
        requireNonNull(instanceId, "instanceId");
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }
}
