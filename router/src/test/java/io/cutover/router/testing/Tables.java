package io.cutover.router.testing;

import io.cutover.core.model.AppProtocol;
import io.cutover.core.routing.Endpoint;
import io.cutover.core.routing.RevisionBackends;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingTable;
import java.util.List;

/** Short ways to write routing tables in tests. */
public final class Tables {

    private Tables() {
    }

    public static RoutingTable table(long generation, RouteEntry... routes) {
        return new RoutingTable(generation, List.of(routes));
    }

    public static RouteEntry route(String host, String app, RevisionBackends... revisions) {
        return RouteEntry.of(host, app, List.of(revisions));
    }

    public static RouteEntry route(String host, String pathPrefix, String app, RevisionBackends... revisions) {
        return new RouteEntry(host, pathPrefix, app, List.of(revisions));
    }

    public static RevisionBackends revision(int number, int weight, Endpoint... endpoints) {
        return new RevisionBackends(number, weight, List.of(endpoints));
    }

    public static Endpoint endpoint(String instanceId, int port) {
        return new Endpoint(instanceId, "127.0.0.1", port);
    }

    /** An instance that speaks HTTP/2 in clear text (a gRPC server). */
    public static Endpoint h2cEndpoint(String instanceId, int port) {
        return new Endpoint(instanceId, "127.0.0.1", port, null, AppProtocol.H2C);
    }
}
