package io.cutover.core.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cutover.core.model.AppProtocol;
import io.cutover.core.model.InstanceIdentity;
import org.jspecify.annotations.Nullable;

/**
 * One instance's address as the router sees it.
 *
 * @param instanceId the instance's id, unique across apps; the router keys its counters by it
 * @param host the address to connect to
 * @param port the port to connect to
 * @param identity who the instance answers it is, checked on each new connection before it carries a
 *     request; null: no check (left out of the JSON)
 * @param protocol what the instance speaks; HTTP/1.1 is left out of the JSON
 */
public record Endpoint(String instanceId, String host, int port,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable InstanceIdentity identity,
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = AppProtocol.DefaultFilter.class)
        AppProtocol protocol) {

    public Endpoint {
        requireNonNull(instanceId, "instanceId");
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        protocol = protocol == null ? AppProtocol.HTTP1 : protocol;
    }

    /** An HTTP/1.1 instance. */
    public Endpoint(String instanceId, String host, int port, @Nullable InstanceIdentity identity) {
        this(instanceId, host, port, identity, AppProtocol.HTTP1);
    }

    /** An HTTP/1.1 instance whose identity is not checked. */
    public Endpoint(String instanceId, String host, int port) {
        this(instanceId, host, port, null, AppProtocol.HTTP1);
    }
}
