package io.notespipeline.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.notespipeline.schemas.avro.AuditCount;
import org.junit.jupiter.api.Test;

class AuditCounterTest {

    private static final Instant NOW = Instant.parse("2026-11-27T01:00:00Z");

    @Test
    void shouldReportCumulativeCountsOfChangedBucketsOnlyOnce() {
        AuditCounter counter = new AuditCounter(AuditKeys.PUBLISHER, "run-1", 60_000);
        long t = Instant.parse("2026-11-27T00:10:30Z").toEpochMilli();
        counter.add("notes.events", 2, t, 1);
        counter.add("notes.events", 2, t + 10_000, 1);
        counter.add("notes.events", 2, t + 40_000, 1);

        List<AuditCount> first = counter.drainChanged(NOW);
        assertThat(first).extracting(AuditCount::getCount).containsExactly(2L, 1L);
        assertThat(first.get(0).getBucketStart()).isEqualTo(Instant.parse("2026-11-27T00:10:00Z"));
        assertThat(AuditKeys.keyOf(first.get(0)))
                .isEqualTo("count/publisher/run-1/notes.events/2/2026-11-27T00:10:00Z");
        assertThat(counter.drainChanged(NOW)).as("nothing changed since").isEmpty();

        counter.add("notes.events", 2, t, 1);
        assertThat(counter.drainChanged(NOW)).singleElement().extracting(AuditCount::getCount)
                .as("a report is the cumulative count, never a delta").isEqualTo(3L);
    }

    @Test
    void shouldResendReportsWhoseSendFailedAndKeepOffsetsApart() {
        AuditCounter counter = new AuditCounter(AuditKeys.LAKE, "", 60_000);
        counter.committedOffset("notes.events", 0, 42);
        counter.committedOffset("notes.events", 0, 42);
        List<AuditCount> reports = counter.drainChanged(NOW);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(AuditKeys.isOffsetReport(r)).isTrue();
            assertThat(r.getCommittedOffset()).isEqualTo(42L);
            assertThat(AuditKeys.keyOf(r)).isEqualTo("offset/lake//notes.events/0");
        });
        counter.markChanged(reports);
        assertThat(counter.drainChanged(NOW)).hasSize(1);
    }

    @Test
    void shouldFloorBucketsBeforeTheEpochToo() {
        assertThat(AuditKeys.bucketStart(-1, 60_000)).isEqualTo(-60_000);
        assertThat(AuditKeys.bucketStart(119_999, 60_000)).isEqualTo(60_000);
    }
}
