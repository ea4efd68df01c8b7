package io.cutover.bench;

import io.cutover.router.balance.Balancer;
import io.cutover.router.table.Backend;
import io.cutover.router.table.HostName;
import io.cutover.router.table.LiveTable;
import io.cutover.router.table.Route;
import io.cutover.router.table.RouteTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the router does per request before any byte goes to an instance, on a large table: normalize the
 * {@code Host} header, find the route ({@link RouteTable#find}: exact host, then wildcard, then path
 * prefix), and choose an instance ({@link Balancer#choose}: a revision by weight, then the less loaded of
 * two random instances). The table: {@link SyntheticTable}, {@code routes} apps with {@code
 * instancesPerRoute} instances each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class RequestPathBenchmark {

    @Param({"10000"})
    int routes;

    @Param({"5"})
    int instancesPerRoute;

    private RouteTable table;
    private String[] hosts;
    private Route[] found;
    private int next;
    private final Backend[] noneTried = new Backend[3];

    @Setup(Level.Trial)
    public void build() {
        LiveTable live = new LiveTable();
        live.apply(SyntheticTable.table(1, routes, instancesPerRoute));
        table = live.current();
        hosts = new String[1024];
        found = new Route[hosts.length];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < hosts.length; i++) {
            // as a client sends it: mixed case, with a port
            hosts[i] = "R" + random.nextInt(routes) + ".Bench.Example.com:8080";
            found[i] = table.find(HostName.normalize(hosts[i]), "/");
        }
    }

    /** Host normalization and route lookup for a request to one of the table's hosts. */
    @Benchmark
    public Route lookUpRoute() {
        String host = hosts[next++ & (hosts.length - 1)];
        return table.find(HostName.normalize(host), "/orders/42?x=1");
    }

    /** Choosing an instance of a found route (a first attempt, nothing tried yet). */
    @Benchmark
    public Backend chooseInstance() {
        Route route = found[next++ & (found.length - 1)];
        return Balancer.choose(route, -1, noneTried, 0, System.nanoTime());
    }

    /** Both, as a request takes them. */
    @Benchmark
    public Backend lookUpAndChoose() {
        String host = hosts[next++ & (hosts.length - 1)];
        Route route = table.find(HostName.normalize(host), "/orders/42?x=1");
        return Balancer.choose(route, -1, noneTried, 0, System.nanoTime());
    }
}
