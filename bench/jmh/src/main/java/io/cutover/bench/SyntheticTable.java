package io.cutover.bench;

import io.cutover.core.manifest.Manifests;
import io.cutover.core.routing.Endpoint;
import io.cutover.core.routing.RevisionBackends;
import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A large routing table for benchmarks: {@code routes} apps with one route each
 * ({@code rN.bench.example.com}) and {@code instancesPerRoute} instances each, on made-up addresses.
 *
 * <p>As a program, writes such a table as a router's saved {@code table.json}:
 * {@code java -cp benchmarks.jar io.cutover.bench.SyntheticTable ROUTES INSTANCES_PER_ROUTE FILE}.
 */
public final class SyntheticTable {

    private SyntheticTable() {}

    /** The table at a generation. */
    public static RoutingTable table(long generation, int routes, int instancesPerRoute) {
        List<RouteEntry> all = new ArrayList<>(routes);
        for (int r = 0; r < routes; r++) {
            all.add(route(r, instancesPerRoute, false));
        }
        return new RoutingTable(generation, all);
    }

    /**
     * Route {@code r}: app {@code appR}, revision 1, weight 100. With {@code replaced}, its last instance
     * is another one (a new id on another port), as after one step of a rolling deployment.
     */
    public static RouteEntry route(int r, int instancesPerRoute, boolean replaced) {
        List<Endpoint> endpoints = new ArrayList<>(instancesPerRoute);
        for (int i = 0; i < instancesPerRoute; i++) {
            boolean other = replaced && i == instancesPerRoute - 1;
            String id = "app" + r + "-1-" + i + (other ? "b" : "");
            int port = 10_000 + (r * instancesPerRoute + i + (other ? 7 : 0)) % 50_000;
            endpoints.add(new Endpoint(id, "10.0." + (r % 250) + "." + (i + 1), port));
        }
        return RouteEntry.of("r" + r + ".bench.example.com", "app" + r, List.of(new RevisionBackends(1, 100, endpoints)));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SyntheticTable ROUTES INSTANCES_PER_ROUTE FILE");
            System.exit(2);
        }
        RoutingTable table = table(1, Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        Path file = Path.of(args[2]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, Manifests.toJson(table));
    }
}
