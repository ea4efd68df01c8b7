package io.cutover.router.metrics;

import io.cutover.router.RevisionMetrics;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
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
     * A new table is served: the revisions it lists that the one before did not ({@code entered}) are
     * reported from now on; those it no longer lists ({@code left}) are still reported until the
     * {@value #KEPT_AFTER_LEAVING} that left after them push them out. A revision in both lists (it left
     * and came back in one change) stays.
     */
    public synchronized void publish(Collection<RevisionRecorder> entered, Collection<RevisionRecorder> left) {
        for (RevisionRecorder recorder : left) {
            if (!this.left.contains(recorder)) {
                this.left.addLast(recorder);
            }
        }
        for (RevisionRecorder recorder : entered) {
            reported.put(key(recorder.app(), recorder.revision()), recorder);
            this.left.remove(recorder);
        }
        while (this.left.size() > KEPT_AFTER_LEAVING) {
            RevisionRecorder forgotten = this.left.removeFirst();
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
