package io.cutover.load;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to the requests of a run or of one interval. Every request sent ends in exactly one
 * answer (counted under its status) or one error (counted under its kind), in the interval in which it
 * ended.
 *
 * @param sent requests sent
 * @param late requests that were due while every connection was busy; each was sent as soon as one
 *     was free (its latency counts from when it was due), or never, if the run ended first
 * @param unsent late requests never sent because the run ended; not in {@code sent}
 * @param statuses answers per HTTP status, in status order
 * @param errors requests without an answer per kind: {@code refused}, {@code reset}, {@code closed}
 *     (the server closed the connection before answering), {@code timeout}, {@code connect-timeout},
 *     {@code unknown-host}, {@code protocol} (an answer that is not HTTP), else the exception's name
 * @param versions answers per version: the body's top-level JSON {@code "version"}, else the
 *     {@code X-Cutover-Revision} header, else {@code -}; {@code (maintenance)} for a router's maintenance answer; in version order
 * @param latency how long the answers took, whatever their status
 */
public record Counts(long sent, long late, long unsent, Map<Integer, Long> statuses, Map<String, Long> errors,
        Map<String, Long> versions, Latency latency) {

    /** Copies the maps into sorted, unmodifiable ones. */
    public Counts {
        statuses = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(statuses, "statuses")));
        errors = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(errors, "errors")));
        versions = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(versions, "versions")));
        requireNonNull(latency, "latency");
    }

    /** Answers with a 2xx status. */
    public long ok() {
        return statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue).sum();
    }

    /** Answers with any other status. */
    public long non2xx() {
        return answered() - ok();
    }

    /** Answers, whatever their status. */
    public long answered() {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests that ended without an answer. */
    public long failed() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
