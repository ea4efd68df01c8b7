package io.cutover.controller.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Client threads that send one request after another for the length of a test, and what they got back
 * ({@link Answers}): {@link Traffic} over HTTP/1.1, {@link H2Traffic} over h2c, {@link GrpcTraffic} as gRPC calls.
 */
public abstract class SteadyTraffic implements AutoCloseable {

    protected final Answers answers = new Answers();
    private List<Thread> threads = List.of();
    private volatile boolean running = true;

    /** Starts {@code clients} daemon threads named {@code name-i}, each running what {@code client} gives for {@code i}. */
    protected final void startClients(String name, int clients, IntFunction<Runnable> client) {
        threads = IntStream.range(0, clients)
                .mapToObj(i -> Thread.ofPlatform().daemon().name(name + "-" + i).start(client.apply(i)))
                .toList();
    }

    /** Whether the clients should send another request. */
    protected final boolean running() {
        return running;
    }

    public long succeeded() {
        return answers.succeeded();
    }

    public long failed() {
        return answers.failed();
    }

    /** The first failures, for assertion messages. */
    public List<String> failures() {
        return answers.failures();
    }

    /** Successful answers per version seen. */
    public Map<String, Long> versions() {
        return answers.versions();
    }

    /** Stops the clients and waits for their last requests. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(35));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clientsStopped();
    }

    /** Releases what the clients shared, once they stopped. */
    protected void clientsStopped() {
    }
}
