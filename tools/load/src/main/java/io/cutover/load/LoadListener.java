package io.cutover.load;

/**
 * Hears about a {@link LoadRun} while it runs. Called on the run's one reporting thread, in order, never
 * on the threads that send requests: a slow listener delays the next call and {@link LoadRun#await()},
 * not the load.
 */
@FunctionalInterface
public interface LoadListener {

    /** A listener that does nothing: the default. */
    LoadListener NONE = interval -> {};

    /** An interval closed; its counts are final. */
    void interval(Interval interval);
}
