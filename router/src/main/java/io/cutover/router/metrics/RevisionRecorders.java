package io.cutover.router.metrics;

import io.cutover.router.RevisionMetrics;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recorder of every app revision the router has served, keyed {@code app/revision}.
 *
 * <p>A revision keeps its recorder while tables list it, so its counts cover every request since the
 * router started. One that left the table is still reported, until the {@value #KEPT_AFTER_LEAVING}
 * revisions that left after it push it out; that bounds the memory of a long-lived router (a recorder
 * takes about 40 KB).
 *
 * <p>{@link #find} and {@link #publish} are called by the one thread applying a table (under its lock);
 * {@link #snapshot} from any thread.
 */
public final class RevisionRecorders {

    static final int KEPT_AFTER_LEAVING = 64;

    private final Map<String, RevisionRecorder> reported = new ConcurrentHashMap<>();
    /** Recorders of revisions no table lists any more, the one that left first first. */
    private final Deque<RevisionRecorder> left = new ArrayDeque<>();

    /** The recorder of a revision: the one it had, or a new one that {@link #publish} will register. */
    public synchronized RevisionRecorder find(String app, int revision) {
        RevisionRecorder known = reported.get(key(app, revision));
        return known != null ? known : new RevisionRecorder(app, revision);
    }

    /**
     * A table listing these revisions is served now: registers new recorders, marks those no longer
     * listed as left, and forgets the oldest that left beyond {@value #KEPT_AFTER_LEAVING}.
     */
    public synchronized void publish(Collection<RevisionRecorder> inTable) {
        Set<RevisionRecorder> listed = new HashSet<>(inTable);
        for (RevisionRecorder recorder : listed) {
            reported.put(key(recorder.app(), recorder.revision()), recorder);
        }
        left.removeIf(listed::contains);
        for (RevisionRecorder recorder : reported.values()) {
            if (!listed.contains(recorder) && !left.contains(recorder)) {
                left.addLast(recorder);
            }
        }
        while (left.size() > KEPT_AFTER_LEAVING) {
            RevisionRecorder forgotten = left.removeFirst();
            reported.remove(key(forgotten.app(), forgotten.revision()), forgotten);
        }
    }

    /** The metrics of every revision reported, keyed {@code app/revision}, sorted by key. */
    public Map<String, RevisionMetrics> snapshot() {
        Map<String, RevisionMetrics> metrics = new TreeMap<>();
        reported.forEach((key, recorder) -> metrics.put(key, recorder.snapshot()));
        return metrics;
    }

    private static String key(String app, int revision) {
        return app + "/" + revision;
    }
}
