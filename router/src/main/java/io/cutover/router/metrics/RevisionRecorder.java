package io.cutover.router.metrics;

import io.cutover.router.RevisionMetrics;
import java.util.concurrent.TimeUnit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The request metrics of one app revision, written by every event loop: outcomes by status class,
 * requests that found no instance to connect to, and a latency histogram.
 *
 * <p>One object per (app, revision) for the router's lifetime (see {@link RevisionRecorders}); every
 * backend of the revision points at it, so counts carry over from one table to the next. Recording is a
 * couple of {@link LongAdder} increments: no lock, no allocation.
 */
public final class RevisionRecorder {

    private static final VarHandle LATENCY;

    static {
        try {
            LATENCY = MethodHandles.lookup().findVarHandle(RevisionRecorder.class, "latency", LatencyHistogram.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String app;
    private final int revision;
    /** Index 0: requests that ended without a status sent (the client went away first); 1..5: status class. */
    private final LongAdder[] outcomes = {
        new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()
    };
    private final LongAdder connectFailures = new LongAdder();
    /** Made on the first latency: most revisions of a large table never see a request (a histogram is ~36 KB). */
    private volatile @Nullable LatencyHistogram latency;

    RevisionRecorder(String app, int revision) {
        this.app = app;
        this.revision = revision;
    }

    /** The app. */
    public String app() {
        return app;
    }

    /** The revision number. */
    public int revision() {
        return revision;
    }

    /**
     * Counts a request routed to this revision, once, when it ends.
     *
     * @param status the status sent to the client (the instance's, or the router's own 502/504); 0 when
     *     none was sent because the client went away first
     * @param unreachable whether the router answered 502 because no instance could be connected to
     * @param elapsedNanos from the request head to the end of the response; not recorded when status is 0
     */
    public void record(int status, boolean unreachable, long elapsedNanos) {
        int statusClass = status / 100;
        outcomes[statusClass >= 1 && statusClass <= 5 ? statusClass : 0].increment();
        if (unreachable) {
            connectFailures.increment();
        }
        if (status != 0) {
            latency().record(TimeUnit.NANOSECONDS.toMicros(elapsedNanos));
        }
    }

    /** The counts since the router started, each read on its own. */
    public RevisionMetrics snapshot() {
        long[] counts = new long[outcomes.length];
        long requests = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = outcomes[i].sum();
            requests += counts[i];
        }
        LatencyHistogram h = latency;
        LatencyHistogram.Snapshot latencies = h == null ? LatencyHistogram.Snapshot.EMPTY : h.snapshot();
        return new RevisionMetrics(requests, counts[2], counts[3], counts[4], counts[5], connectFailures.sum(),
                new RevisionMetrics.Latency(latencies.total(), millis(latencies.valueAt(50)),
                        millis(latencies.valueAt(90)), millis(latencies.valueAt(99)), millis(latencies.max()), latencies.nonEmpty()));
    }

    private LatencyHistogram latency() {
        LatencyHistogram h = latency;
        if (h == null) {
            h = new LatencyHistogram();
            if (!LATENCY.compareAndSet(this, null, h)) {
                h = latency; // another event loop made it first
            }
        }
        return h;
    }

    /** Microseconds to milliseconds, rounded to the microsecond. */
    private static double millis(double micros) {
        return Math.round(micros) / 1000.0;
    }

    @Override
    public String toString() {
        return app + "/" + revision;
    }
}
