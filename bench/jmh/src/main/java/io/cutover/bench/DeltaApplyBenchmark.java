package io.cutover.bench;

import io.cutover.core.routing.RouteEntry;
import io.cutover.core.routing.RoutingDelta;
import io.cutover.core.routing.RoutingTable;
import io.cutover.router.table.LiveTable;
import java.util.List;
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
 * One delta on a large table, as a router takes it from the watch stream: {@link LiveTable#apply} of a
 * {@link RoutingDelta} (checked, compiled, published). The delta replaces one
 * instance of one app (a rolling step), so every other backend carries over.
 *
 * <p>The table: {@link SyntheticTable}, {@code routes} apps with one route and {@code instancesPerRoute}
 * instances each (10,000 x 5 = 50,000 instances by default).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class DeltaApplyBenchmark {

    @Param({"10000"})
    int routes;

    @Param({"5"})
    int instancesPerRoute;

    private final LiveTable live = new LiveTable();
    private RouteEntry[] original;
    private RouteEntry[] changed;
    private long generation;
    private boolean[] isChanged;
    private List<RouteEntry> wholeOriginal;
    private List<RouteEntry> wholeChanged;

    @Setup(Level.Trial)
    public void build() {
        original = new RouteEntry[routes];
        changed = new RouteEntry[routes];
        isChanged = new boolean[routes];
        for (int r = 0; r < routes; r++) {
            original[r] = SyntheticTable.route(r, instancesPerRoute, false);
            changed[r] = SyntheticTable.route(r, instancesPerRoute, true);
        }
        generation = 1;
        wholeOriginal = List.of(original);
        RouteEntry[] oneChanged = original.clone();
        oneChanged[routes / 2] = changed[routes / 2];
        wholeChanged = List.of(oneChanged);
        live.apply(new RoutingTable(generation, wholeOriginal));
    }

    /** A delta that replaces one instance of one route, alternating between two states of that route. */
    @Benchmark
    public long applyOneDelta() {
        int r = (int) (generation % routes);
        isChanged[r] = !isChanged[r];
        RouteEntry next = isChanged[r] ? changed[r] : original[r];
        live.apply(new RoutingDelta(generation, generation + 1, List.of(next), List.of()));
        generation++;
        return live.generation();
    }

    /**
     * For comparison, the same change sent as a whole table (what a router gets after reconnecting): every
     * route is compared with the one served (here the same objects, the cheapest case), one is compiled.
     */
    @Benchmark
    public long applyWholeTableWithOneChange() {
        generation++;
        live.apply(new RoutingTable(generation, generation % 2 == 0 ? wholeChanged : wholeOriginal));
        return live.generation();
    }
}
