package io.cutover.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One event loop's share of a run: some of the connections, every {@code n}-th request of the schedule
 * (see {@link Pace}), and the recorder of the current interval. Everything here is confined to the
 * event loop; other threads only call {@link #prepare}, {@link #start} and {@link #stop}, which hand
 * over to it.
 *
 * <p>At a fixed rate, each request is sent when it is due on the next free connection, whatever the
 * answers take. If every connection is busy the request is counted late and sent as soon as one is
 * free, its latency counted from when it was due, so a slow server shows as latency instead of quietly
 * lowering the rate. Without a rate, each connection sends its next request as soon as it has its
 * answer.
 */
final class Lane {

    /** The shortest wait between two ticks; a tick sends everything due by then. */
    private static final long MIN_TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** Without a rate, how long a connection waits after an error before it tries again. */
    private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int index;
    private final int lanes;
    private final EventLoop loop;
    private final LoadOptions options;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Timeline timeline;
    private final List<Connection> connections = new ArrayList<>();
    private final ArrayDeque<Connection> free = new ArrayDeque<>();

    private @Nullable Pace pace;
    private long startNanos;
    private long deadlineNanos;
    private Recorder recorder = new Recorder();
    private int intervalIndex;
    private long due;
    private long dispatched;
    private int inFlight;
    private boolean sending = true;
    private boolean stoppedEarly;
    private boolean finished;
    private long stoppedNanos;
    private @Nullable ScheduledFuture<?> tick;
    private @Nullable ScheduledFuture<?> roll;
    private @Nullable ScheduledFuture<?> deadline;
    private @Nullable ScheduledFuture<?> sweep;

    /**
     * @param index this lane's number, from 0
     * @param lanes how many lanes the run has
     * @param connections how many connections this lane has
     */
    Lane(int index, int lanes, int connections, EventLoop loop, Bootstrap bootstrap, Target target,
            LoadOptions options, Timeline timeline) {
        this.index = index;
        this.lanes = lanes;
        this.loop = loop;
        this.options = options;
        this.intervalNanos = options.interval().toNanos();
        this.timeoutNanos = options.timeout().toNanos();
        this.timeline = timeline;
        Bootstrap onThisLoop = bootstrap.clone(loop);
        for (int i = 0; i < connections; i++) {
            this.connections.add(new Connection(this, onThisLoop, target));
        }
    }

    /**
     * Opens the connections and warms them up with one uncounted request each; {@code prepared} counts
     * down once per connection, whether that worked or not. From any thread.
     */
    void prepare(CountDownLatch prepared) {
        loop.execute(() -> connections.forEach(connection -> connection.prepare(prepared::countDown)));
    }

    /** Starts sending on the clock that started at {@code startNanos}; from any thread. */
    void start(long startNanos) {
        loop.execute(() -> begin(startNanos));
    }

    /** Stops sending now and finishes once the requests out have ended; from any thread. */
    void stop() {
        loop.execute(() -> endSending(true));
    }

    /** A request got an answer; the connection is free again. */
    void answered(Connection connection, int status, String version, long latencyNanos) {
        recorder.answered(status, version, latencyNanos);
        inFlight--;
        next(connection, false);
    }

    /** A request ended without an answer; the connection is free again. */
    void failed(Connection connection, String kind) {
        recorder.failed(kind);
        inFlight--;
        next(connection, true);
    }

    private void begin(long start) {
        startNanos = start;
        deadlineNanos = start + options.duration().toNanos();
        if (options.rate() > 0) {
            pace = new Pace(start, options.rate(), options.duration().toNanos(), index, lanes);
        }
        long now = System.nanoTime();
        deadline = loop.schedule(() -> endSending(false), deadlineNanos - now, TimeUnit.NANOSECONDS);
        scheduleRoll(now);
        long sweepEvery = Math.max(1, Math.min(MAX_SWEEP_NANOS, timeoutNanos / 4));
        sweep = loop.scheduleAtFixedRate(this::expireOld, sweepEvery, sweepEvery, TimeUnit.NANOSECONDS);
        if (pace != null) {
            free.addAll(connections);
            tick();
        } else {
            for (Connection connection : connections) {
                send(connection, now, now);
            }
        }
    }

    /** Sends every request that is due, or counts it late; then waits for the next one. */
    private void tick() {
        Pace p = pace;
        if (!sending || p == null) {
            return;
        }
        long now = System.nanoTime();
        long total = p.total();
        while (due < total && p.dueNanos(due) <= now) {
            due++;
            Connection connection = dispatched == due - 1 ? free.pollFirst() : null;
            if (connection != null) {
                dispatched++;
                send(connection, now, now);
            } else {
                recorder.late();
            }
        }
        if (due < total) {
            long wait = Math.max(MIN_TICK_NANOS, p.dueNanos(due) - now);
            tick = loop.schedule(this::tick, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void send(Connection connection, long latencyStartNanos, long nowNanos) {
        inFlight++;
        recorder.sent();
        connection.send(latencyStartNanos, nowNanos);
    }

    /** What a connection does once its request ended. */
    private void next(Connection connection, boolean afterError) {
        if (!sending) {
            free.addLast(connection);
            finishIfDone();
            return;
        }
        Pace p = pace;
        if (p != null) {
            if (dispatched < due) {
                long dueNanos = p.dueNanos(dispatched);
                dispatched++;
                send(connection, dueNanos, System.nanoTime());
            } else {
                free.addLast(connection);
            }
        } else if (afterError) {
            // Without a rate, a connection that cannot connect would otherwise spin.
            free.addLast(connection);
            loop.schedule(this::sendOnFree, ERROR_PAUSE_NANOS, TimeUnit.NANOSECONDS);
        } else {
            long now = System.nanoTime();
            send(connection, now, now);
        }
    }

    private void sendOnFree() {
        while (sending && !free.isEmpty()) {
            long now = System.nanoTime();
            send(free.pollFirst(), now, now);
        }
    }

    private void scheduleRoll(long now) {
        long boundary = startNanos + (intervalIndex + 1) * intervalNanos;
        if (boundary < deadlineNanos) {
            roll = loop.schedule(() -> roll(boundary), boundary - now, TimeUnit.NANOSECONDS);
        }
    }

    private void roll(long boundaryNanos) {
        if (!sending) {
            return;
        }
        timeline.deliver(index, intervalIndex, recorder, boundaryNanos, false, false);
        recorder = new Recorder();
        intervalIndex++;
        scheduleRoll(System.nanoTime());
    }

    private void expireOld() {
        long now = System.nanoTime();
        for (Connection connection : connections) {
            connection.expireIfOlder(now, timeoutNanos);
        }
    }

    private void endSending(boolean early) {
        if (!sending) {
            return;
        }
        if (!early) {
            tick(); // whatever fell due just before the deadline
        }
        sending = false;
        stoppedEarly = early;
        stoppedNanos = early ? Math.min(System.nanoTime(), deadlineNanos) : deadlineNanos;
        cancel(tick);
        cancel(roll);
        cancel(deadline);
        recorder.unsent(due - dispatched);
        finishIfDone();
    }

    private void finishIfDone() {
        if (finished || sending || inFlight > 0) {
            return;
        }
        finished = true;
        cancel(sweep);
        for (Connection connection : connections) {
            connection.close();
        }
        timeline.deliver(index, intervalIndex, recorder, stoppedNanos, true, stoppedEarly);
    }

    private static void cancel(@Nullable ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
