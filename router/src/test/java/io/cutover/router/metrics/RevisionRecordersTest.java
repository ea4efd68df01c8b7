package io.cutover.router.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.router.RevisionMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RevisionRecordersTest {

    private final RevisionRecorders recorders = new RevisionRecorders();

    @Test
    void countsRequestsByStatusClassWithConnectFailuresAndLatency() {
        RevisionRecorder hello = recorders.find("hello", 2);
        recorders.publish(List.of(hello), List.of());

        hello.record(200, false, TimeUnit.MILLISECONDS.toNanos(2));
        hello.record(204, false, TimeUnit.MILLISECONDS.toNanos(4));
        hello.record(302, false, TimeUnit.MILLISECONDS.toNanos(1));
        hello.record(404, false, TimeUnit.MILLISECONDS.toNanos(1));
        hello.record(502, true, TimeUnit.MILLISECONDS.toNanos(3));
        hello.record(101, false, TimeUnit.MILLISECONDS.toNanos(1));
        hello.record(0, false, TimeUnit.MILLISECONDS.toNanos(50));

        RevisionMetrics metrics = recorders.snapshot().get("hello/2");
        assertThat(metrics.requests()).isEqualTo(7);
        assertThat(List.of(metrics.s2xx(), metrics.s3xx(), metrics.s4xx(), metrics.s5xx())).containsExactly(2L, 1L, 1L, 1L);
        assertThat(metrics.connectFailures()).isEqualTo(1);
        assertThat(metrics.latencyMs()).usingRecursiveComparison().ignoringFields("buckets")
                .isEqualTo(new RevisionMetrics.Latency(6, 1.0, 4.0, 4.0, 4.0));
        assertThat(metrics.latencyMs().buckets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
        assertThat(metrics.latencyMs().buckets().firstKey()).as("1 ms, in µs, within a bucket's width").isBetween(990L, 1010L);
    }

    @Test
    void keepsARevisionsRecorderFromTableToTable() {
        RevisionRecorder first = recorders.find("hello", 1);
        recorders.publish(List.of(first), List.of());
        first.record(200, false, 1_000);

        RevisionRecorder again = recorders.find("hello", 1);
        recorders.publish(List.of(recorders.find("hello", 2)), List.of());

        assertThat(again).isSameAs(first);
        assertThat(recorders.snapshot()).containsOnlyKeys("hello/1", "hello/2");
        assertThat(recorders.snapshot().get("hello/1").requests()).isEqualTo(1);
        assertThat(recorders.snapshot().get("hello/2").requests()).isZero();
    }

    @Test
    void reportsRevisionsThatLeftUntilSixtyFourLeftAfterThem() {
        RevisionRecorder old = recorders.find("hello", 1);
        recorders.publish(List.of(old), List.of());
        old.record(200, false, 1_000);
        recorders.publish(List.of(), List.of(old));
        assertThat(recorders.snapshot()).containsOnlyKeys("hello/1");

        List<RevisionRecorder> others = new ArrayList<>();
        for (int i = 0; i < RevisionRecorders.KEPT_AFTER_LEAVING - 1; i++) {
            others.add(recorders.find("other", i));
        }
        recorders.publish(others, List.of());
        recorders.publish(List.of(), others);
        assertThat(recorders.snapshot()).containsKey("hello/1").hasSize(RevisionRecorders.KEPT_AFTER_LEAVING);

        RevisionRecorder last = recorders.find("last", 1);
        recorders.publish(List.of(last), List.of());
        recorders.publish(List.of(), List.of(last));
        assertThat(recorders.snapshot()).doesNotContainKey("hello/1").hasSize(RevisionRecorders.KEPT_AFTER_LEAVING);
    }

    @Test
    void aRevisionThatComesBackBeforeItIsForgottenKeepsItsCounts() {
        RevisionRecorder hello = recorders.find("hello", 1);
        recorders.publish(List.of(hello), List.of());
        hello.record(200, false, 1_000);
        recorders.publish(List.of(), List.of(hello));

        RevisionRecorder back = recorders.find("hello", 1);
        recorders.publish(List.of(back), List.of());

        assertThat(back).isSameAs(hello);
        assertThat(recorders.snapshot().get("hello/1").requests()).isEqualTo(1);
    }
}
