package io.cutover.controller.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What steady test traffic got back ({@link Traffic}, {@link H2Traffic}, {@link GrpcTraffic}): successes per version, failures. */
final class Answers {

    private final LongAdder ok = new LongAdder();
    private final AtomicLong failed = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, LongAdder> versions = new ConcurrentHashMap<>();

    /** A successful answer; its body names the version that gave it. */
    void succeeded(String body) {
        succeededAs(version(body));
    }

    /** A successful answer from {@code version}. */
    void succeededAs(String version) {
        ok.increment();
        versions.computeIfAbsent(version, v -> new LongAdder()).increment();
    }

    /** A failed request; the first 20 are kept for assertion messages. */
    void failed(String what) {
        if (failed.incrementAndGet() <= 20) {
            failures.add(what);
        }
    }

    long succeeded() {
        return ok.sum();
    }

    long failed() {
        return failed.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Map<String, Long> versions() {
        Map<String, Long> out = new TreeMap<>();
        versions.forEach((v, n) -> out.put(v, n.sum()));
        return out;
    }

    private static String version(String body) {
        int at = body.indexOf("\"version\"");
        if (at < 0) {
            return "-";
        }
        int start = body.indexOf('"', body.indexOf(':', at) + 1) + 1;
        return body.substring(start, body.indexOf('"', start));
    }
}
