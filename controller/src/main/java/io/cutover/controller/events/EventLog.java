package io.cutover.controller.events;

import io.cutover.controller.store.Store;
import io.cutover.controller.store.StoredEvent;
import io.cutover.core.manifest.Manifests;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The ordered, persisted event log. Appending writes to the store; readers follow the log
 * by id, so a reader that reconnects resumes exactly after the last event it saw.
 */
public final class EventLog {

    private final Store store;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private volatile long lastId;

    public EventLog(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.lastId = store.lastEventId();
    }

    /** Appends one event in its own transaction. */
    public StoredEvent append(String type, @Nullable String app, Map<String, ?> data) {
        StoredEvent event = store.transaction(tx -> append(tx, type, app, data));
        published(event.id());
        return event;
    }

    /**
     * Appends one event inside a caller's transaction, so it commits (or not) with the change it
     * describes. Call {@link #published} after the commit. An event appended while the thread acts for
     * an API token ({@link Actor}) records the token's name as {@code by}.
     */
    public StoredEvent append(Store.Tx tx, String type, @Nullable String app, Map<String, ?> data) {
        Map<String, ?> recorded = data;
        if (Actor.current().isPresent() && !data.containsKey("by")) {
            LinkedHashMap<String, Object> withActor = new LinkedHashMap<>(data);
            withActor.put("by", Actor.current().get());
            recorded = withActor;
        }
        return tx.appendEvent(clock.instant(), type, app, Manifests.toJson(recorded));
    }

    /** Wakes readers waiting for events up to {@code id}. */
    public void published(long id) {
        lock.lock();
        try {
            if (id > lastId) {
                lastId = id;
            }
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Events after {@code afterId}, oldest first. */
    public List<StoredEvent> after(long afterId, int limit, @Nullable String app) {
        return store.events(afterId, limit, app);
    }

    /** Waits until an event after {@code afterId} exists, at most {@code timeout}; true if one does. */
    public boolean await(long afterId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (lastId <= afterId) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                appended.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The id of the newest event, 0 when there is none. */
    public long lastId() {
        return lastId;
    }
}
