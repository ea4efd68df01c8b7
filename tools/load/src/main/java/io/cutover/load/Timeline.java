package io.cutover.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Puts the lanes' intervals together. Each lane hands over its recorder when an interval closes (and
 * no longer touches it); once every lane has handed over interval {@code k}, or has finished, interval
 * {@code k} is merged, kept, and passed to the listener. When every lane has finished, the report is
 * made.
 *
 * <p>Lanes call {@link #deliver} from their event loops; the merging happens under this object's lock.
 * The listener and the completion run on the single {@code reports} thread, in order, after the lock
 * is released, so a slow listener never holds up a lane.
 */
final class Timeline {

    private final LoadOptions options;
    private final LoadListener listener;
    private final ExecutorService reports;
    private final Runnable afterLast;
    private final CompletableFuture<LoadReport> report = new CompletableFuture<>();

    // guarded by this
    private long startNanos;
    private final int[] nextIndex;
    private final boolean[] finished;
    private int finishedLanes;
    private boolean stoppedEarly;
    private long stoppedNanos;
    private final TreeMap<Integer, Piece> pending = new TreeMap<>();
    private final Recorder totals = new Recorder();
    private final List<Interval> intervals = new ArrayList<>();
    private @Nullable RuntimeException listenerFailure;

    /**
     * @param afterLast run on the reports thread once the report is made, before it is handed out (to
     *     release the event loops)
     */
    Timeline(LoadOptions options, int lanes, LoadListener listener, ExecutorService reports,
            Runnable afterLast) {
        this.options = options;
        this.listener = listener;
        this.reports = reports;
        this.afterLast = afterLast;
        this.nextIndex = new int[lanes];
        this.finished = new boolean[lanes];
    }

    /** The run's clock starts; before any lane starts. */
    synchronized void start(long nanos) {
        startNanos = nanos;
        stoppedNanos = nanos;
    }

    /**
     * A lane hands over interval {@code index}: its recorder, which it no longer touches, and when the
     * interval ended. {@code last}: the lane has finished, and {@code early} says whether it was stopped
     * before its duration.
     */
    synchronized void deliver(int lane, int index, Recorder recorder, long endNanos, boolean last, boolean early) {
        pending.computeIfAbsent(index, i -> new Piece()).add(recorder, endNanos);
        nextIndex[lane] = index + 1;
        if (last) {
            finished[lane] = true;
            finishedLanes++;
            stoppedEarly |= early;
            stoppedNanos = Math.max(stoppedNanos, endNanos);
        }
        while (!pending.isEmpty() && everyLaneDelivered(pending.firstKey())) {
            int ready = pending.firstKey();
            Interval interval = pending.remove(ready).close(ready);
            intervals.add(interval);
            reports.execute(() -> tell(interval));
        }
        if (finishedLanes == nextIndex.length) {
            LoadReport done = new LoadReport(options, Duration.ofNanos(stoppedNanos - startNanos), stoppedEarly,
                    totals.counts(), intervals);
            reports.execute(() -> complete(done));
        }
    }

    /** The intervals closed so far. */
    synchronized List<Interval> intervals() {
        return List.copyOf(intervals);
    }

    /** Completes with the report once every lane has finished and the listener heard every interval. */
    CompletableFuture<LoadReport> report() {
        return report;
    }

    private boolean everyLaneDelivered(int index) {
        for (int lane = 0; lane < nextIndex.length; lane++) {
            if (!finished[lane] && nextIndex[lane] <= index) {
                return false;
            }
        }
        return true;
    }

    private void tell(Interval interval) {
        try {
            listener.interval(interval);
        } catch (RuntimeException e) {
            synchronized (this) {
                if (listenerFailure == null) {
                    listenerFailure = e;
                }
            }
        }
    }

    private void complete(LoadReport done) {
        try {
            afterLast.run();
        } finally {
            RuntimeException failure;
            synchronized (this) {
                failure = listenerFailure;
            }
            if (failure != null) {
                report.completeExceptionally(failure);
            } else {
                report.complete(done);
            }
            reports.shutdown();
        }
    }

    /** The lanes' recorders of one interval, as they arrive. Guarded by the timeline's lock. */
    private final class Piece {
        private final Recorder merged = new Recorder();
        private long endNanos = Long.MIN_VALUE;

        void add(Recorder recorder, long end) {
            merged.add(recorder);
            endNanos = Math.max(endNanos, end);
        }

        Interval close(int index) {
            totals.add(merged);
            Duration start = Duration.ofNanos(index * options.interval().toNanos());
            Duration end = Duration.ofNanos(Math.max(endNanos - startNanos, start.toNanos()));
            return new Interval(index, start, end, merged.counts());
        }
    }
}
