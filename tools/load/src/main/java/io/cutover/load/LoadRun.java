package io.cutover.load;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends {@code GET} requests to one URL at a fixed rate, or as fast as it can, for a fixed time, and
 * counts what came back: statuses, versions, errors and latency, per interval and in total.
 *
 * <pre>{@code
 * LoadRun run = LoadRun.start(LoadOptions.builder(URI.create("http://127.0.0.1:8080/endpoint0"))
 *         .host("hello.localhost").rate(500).duration(Duration.ofSeconds(30)).build());
 * // ... deploy a new version meanwhile; run.intervals() shows the switch as it happens
 * LoadReport report = run.await();
 * assert report.allOk();
 * }</pre>
 *
 * <p>Threads: the connections are spread over {@link LoadOptions#threads()} event loops, each owning
 * its connections, its share of the schedule and its counts without locks. Closed intervals are merged
 * under one lock and handed to the {@link LoadListener} on a single reporting thread. Every public
 * method may be called from any thread. The threads are daemons and end with the run.
 */
public final class LoadRun {

    /** How long {@link #start} waits for the connections to be ready before it starts the clock anyway. */
    static final Duration PREPARE_WAIT = Duration.ofSeconds(2);

    private final List<Lane> lanes;
    private final Timeline timeline;

    private LoadRun(List<Lane> lanes, Timeline timeline) {
        this.lanes = lanes;
        this.timeline = timeline;
    }

    /** Starts a run that tells nobody about its intervals; read them with {@link #intervals()}. */
    public static LoadRun start(LoadOptions options) {
        return start(options, LoadListener.NONE);
    }

    /**
     * Starts a run; {@code listener} hears about each interval as it closes. Returns once the connections
     * are open, each after one uncounted warm-up request (at most {@link #PREPARE_WAIT}, 2 s); the run's
     * clock starts then.
     */
    public static LoadRun start(LoadOptions options, LoadListener listener) {
        requireNonNull(options, "options");
        requireNonNull(listener, "listener");
        Target target = Target.of(options);
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends SocketChannel> channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.threads(),
                new DefaultThreadFactory("cutover-load", true), ioHandlers);
        ExecutorService reports = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cutover-load-report");
            thread.setDaemon(true);
            return thread;
        });
        Bootstrap bootstrap = new Bootstrap()
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, Math.max(1, options.timeout().toMillis())));
        Timeline timeline = new Timeline(options, options.threads(), listener, reports,
                () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS));
        List<Lane> lanes = new ArrayList<>();
        for (int i = 0; i < options.threads(); i++) {
            int connections = options.connections() / options.threads() + (i < options.connections() % options.threads() ? 1 : 0);
            EventLoop loop = group.next();
            lanes.add(new Lane(i, options.threads(), connections, loop, bootstrap, target, options, timeline));
        }
        prepare(lanes, options);
        long startNanos = System.nanoTime();
        timeline.start(startNanos);
        lanes.forEach(lane -> lane.start(startNanos));
        return new LoadRun(List.copyOf(lanes), timeline);
    }

    /**
     * Opens every connection and sends one uncounted request on each before the clock starts, so that
     * the first requests of the run are not late because of connecting or of loading and compiling the
     * code that sends and reads. Waits at most {@link #PREPARE_WAIT}: a connection not ready by then
     * takes its first request when it is.
     */
    private static void prepare(List<Lane> lanes, LoadOptions options) {
        new Recorder().answered(200, ResponseVersion.NONE, 1); // loads the counting classes, too
        CountDownLatch prepared = new CountDownLatch(options.connections());
        lanes.forEach(lane -> lane.prepare(prepared));
        try {
            prepared.await(Math.min(PREPARE_WAIT.toNanos(), options.timeout().toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The intervals closed so far, oldest first. */
    public List<Interval> intervals() {
        return timeline.intervals();
    }

    /**
     * Stops sending now, before the duration is over; the report says so. Requests already sent still
     * get their answer (or their timeout). Does nothing once the run has stopped.
     */
    public void stop() {
        lanes.forEach(Lane::stop);
    }

    /** Whether the run has ended and its report is ready. */
    public boolean isDone() {
        return timeline.report().isDone();
    }

    /**
     * Waits until the run ends: its duration is over (or {@link #stop()} was called) and every request
     * sent got its answer or timed out, after the listener heard about the last interval.
     *
     * @throws IllegalStateException if the listener threw (its exception is the cause)
     */
    public LoadReport await() throws InterruptedException {
        try {
            return timeline.report().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("load run failed: " + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("load run cancelled", e);
        }
    }

    /** The report as a future, completed as {@link #await()} returns. */
    public CompletableFuture<LoadReport> report() {
        return timeline.report().copy();
    }
}
